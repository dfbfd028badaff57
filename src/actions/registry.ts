import { askAction } from "./ask.js";
import { actions } from "./catalog.js";
import { noopAction } from "./noop.js";
import { sshRunAction } from "./ssh-run.js";
import type { ActionImpl } from "./types.js";

/** The implementations behind the action catalog, by canonical name. */
export function createActions(
  extra: ActionImpl[] = [],
): Map<string, ActionImpl> {
  const all = [askAction, noopAction, sshRunAction, ...extra];
  return new Map(all.map((a) => [a.name, a]));
}

/** Actions with effects outside the app: run at most once, never retried. */
export const guardedActions = new Set(
  actions.filter((a) => a.guarded).map((a) => a.name),
);
