import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isObject, type Json } from "../spec.js";

interface ExampleGroup {
  name: string;
  examples: Json[];
}

const examplesFile = "@octokit/webhooks-examples/api.github.com/index.json";
let groups: ExampleGroup[] | undefined;

function loadGroups(): ExampleGroup[] {
  const path = createRequire(import.meta.url).resolve(examplesFile);
  groups ??= JSON.parse(readFileSync(path, "utf8")) as ExampleGroup[];
  return groups;
}

/**
 * A copy of GitHub's example payload for an event and action, preferring
 * one about a plain issue; another action's example when none exists.
 */
export function webhookExample(event: string, action?: string): Json {
  const group = loadGroups().find((g) => g.name === event);
  const all = group?.examples ?? [];
  const sameAction = all.filter(
    (e) => action === undefined || e["action"] === action,
  );
  const pool = sameAction.length > 0 ? sameAction : all;
  const chosen = pool.find((e) => !isPullIssue(e)) ?? pool[0] ?? {};
  return structuredClone(chosen);
}

function isPullIssue(example: Json): boolean {
  const issue = example["issue"];
  return isObject(issue) && issue["pull_request"] !== undefined;
}
