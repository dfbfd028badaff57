import { isObject, type Json, loadSpec } from "./spec.js";

/** One operation of the spec: a method on a path template. */
export interface Operation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  readonly spec: Json;
}

/** An operation matched against a concrete path, with decoded params. */
export interface MatchedOperation extends Operation {
  readonly params: Record<string, string>;
}

interface Route extends Operation {
  readonly pattern: RegExp;
  readonly names: string[];
  readonly literals: number;
}

let routes: Route[] | undefined;

/** Finds the operation for `method path` (path without `/api/v3`). */
export function matchOperation(
  method: string,
  path: string,
): MatchedOperation | undefined {
  routes ??= buildRoutes();
  const verb = method.toLowerCase();
  for (const route of routes) {
    if (route.method !== verb) continue;
    const found = route.pattern.exec(path);
    if (found) return { ...route, params: paramsOf(route, found) };
  }
  return undefined;
}

function paramsOf(route: Route, found: RegExpExecArray) {
  const params: Record<string, string> = {};
  route.names.forEach((name, index) => {
    params[name] = decodeURIComponent(found[index + 1] ?? "");
  });
  return params;
}

const methods = ["get", "post", "put", "patch", "delete"];

function buildRoutes(): Route[] {
  const paths = loadSpec().doc["paths"] as Record<string, Json>;
  const built: Route[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of methods) {
      const spec = item[method];
      if (isObject(spec)) built.push(routeFor(template, method, spec));
    }
  }
  // A literal segment beats a parameter: `issues/comments` is not an issue.
  return built.sort((a, b) => b.literals - a.literals);
}

function routeFor(template: string, method: string, spec: Json): Route {
  const names: string[] = [];
  const segments = template.split("/").slice(1);
  const source = segments.map((segment, index) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!name) return `/${escapeRegExp(segment)}`;
    names.push(name);
    // A file path spans segments and may be empty (the repository root).
    const last = index === segments.length - 1;
    return name === "path" && last ? "(?:/(.*))?" : "/([^/]+)";
  });
  return {
    method,
    template,
    operationId: String(spec["operationId"]),
    spec,
    pattern: new RegExp(`^${source.join("")}/?$`),
    names,
    literals: segments.length - names.length,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
