import { isObject, type Json, loadSpec } from "../spec.js";

/** GitHub's global node id for an object of a type and id. */
export function nodeId(type: string, id: number | string): string {
  const kind = String(type.length).padStart(2, "0");
  return Buffer.from(`${kind}:${type}${id}`).toString("base64");
}

/** A deep copy of one of the spec's component examples. */
export function specExample(name: string): Json {
  const examples = loadSpec().doc["components"] as Json;
  const example = (examples["examples"] as Json)[name];
  const value = isObject(example) ? example["value"] : undefined;
  return structuredClone(value) as Json;
}

/** Rewrites URL prefixes in every string of a value, deeply. */
export function retarget<T>(value: T, pairs: [string, string][]): T {
  if (typeof value === "string") {
    let text: string = value;
    for (const [from, to] of pairs) text = text.replaceAll(from, to);
    return text as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => retarget(item, pairs)) as T;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [
      k,
      retarget(v, pairs),
    ]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
