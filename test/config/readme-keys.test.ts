import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { operatorConfigSchema } from "../../src/config/schema.js";

const readme = readFileSync(
  new URL("../../README.md", import.meta.url),
  "utf8",
);

/** Every property name anywhere in the schema. */
function schemaKeys(schema: unknown, into = new Set<string>()): Set<string> {
  if (typeof schema !== "object" || schema === null) return into;
  const properties = (schema as Record<string, unknown>)["properties"];
  for (const name of Object.keys(properties ?? {})) into.add(name);
  for (const value of Object.values(schema)) schemaKeys(value, into);
  return into;
}

/** The key names in the README's operator config table. */
function documentedKeys(): string[] {
  const section = readme.split("## Operator config")[1]?.split("\n## ")[0];
  const rows = (section ?? "").split("\n").filter((l) => l.startsWith("| `"));
  const names = rows.flatMap((row) =>
    [...row.matchAll(/`([a-z][A-Za-z]*)(?:\.<alias>)?`/g)].map((m) => m[1]!),
  );
  return [...new Set(names)];
}

describe("the README's operator config table", () => {
  it("documents keys that the schema takes", () => {
    const known = schemaKeys(operatorConfigSchema);
    const names = documentedKeys();
    assert.ok(names.length >= 15, `found only ${names.join(", ")}`);
    for (const name of names) assert.ok(known.has(name), name);
  });
});
