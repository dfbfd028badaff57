import { stringify } from "yaml";
import { readCodes } from "../../src/github/markers.js";
import type { Harness } from "../support/harness.js";

/** The reply schema most test inquiries use: one enum and a reason. */
export const decisionSchema = {
  type: "object",
  required: ["decision"],
  additionalProperties: false,
  properties: {
    decision: { type: "string", enum: ["approve", "deny"] },
    reason: { type: "string" },
  },
};

/**
 * A workflow that asks (with `ask` merged into the core.ask input) and,
 * on `approve`, restarts `service` on web-1 through sudo.
 */
export function askThenRestart(
  name: string,
  ask: Record<string, unknown>,
  more: { restartNext?: unknown[]; tasks?: Record<string, unknown> } = {},
): string {
  return stringify({
    name,
    description: "A test workflow: ask, then restart.",
    input: {
      type: "object",
      required: ["service"],
      additionalProperties: false,
      properties: { service: { type: "string", pattern: "^[a-z0-9-]+$" } },
    },
    output: { decided: "{{ ctx().decided }}" },
    tasks: {
      approval: {
        action: "core.ask",
        input: { route: "ops", schema: decisionSchema, ...ask },
        next: [
          {
            when: "{{ result().response.decision == 'approve' }}",
            publish: { decided: "{{ result().response.decision }}" },
            do: "restart",
          },
        ],
      },
      restart: {
        action: "ssh.run",
        input: {
          host: "web-1",
          command: "systemctl restart {{ ctx().service }}",
          sudo: true,
        },
        ...(more.restartNext ? { next: more.restartNext } : {}),
      },
      ...more.tasks,
    },
  });
}

/** Opens a request issue as `login` and waits until the app is quiet. */
export async function openRun(
  h: Harness,
  body: string,
  login = "alice",
): Promise<number> {
  const issue = await h.gh.openIssue(login, { title: "a request", body });
  await h.settle();
  return issue.number;
}

/** Comments as `login` and waits until the app is quiet. */
export async function say(h: Harness, login: string, n: number, body: string) {
  const made = await h.gh.comment(login, n, body);
  await h.settle();
  return made;
}

export function texts(h: Harness, n: number): string[] {
  return h.gh.comments(n).map((c) => c.body);
}

export function lastText(h: Harness, n: number): string {
  return texts(h, n).at(-1) ?? "";
}

/** The error codes the app's comments on issue `n` report, in order. */
export function codesOn(h: Harness, n: number): string[] {
  return texts(h, n).flatMap(readCodes);
}

/** The run stored for issue `n` of the harness's repository. */
export function runOf(h: Harness, n: number) {
  return h.app.store.runs.find(h.owner, h.repo, n);
}

/**
 * Waits until `check` holds, polling; for states reached asynchronously.
 * The bound only ends a wait that would never end: on a loaded machine an
 * app process alone can take seconds to start again.
 */
export async function until(
  check: () => boolean,
  what: string,
  ms = 60_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
