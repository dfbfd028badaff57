import { fail } from "../errors.js";
import { withCode } from "../github/markers.js";
import type { Thread } from "../github/thread.js";
import type { Approvers, RunRecord } from "../store/types.js";
import { mayAnswer, type Person } from "./approvers.js";
import { endRun } from "./lifecycle.js";
import { markDirty, type Runner } from "./runner.js";

export interface CommandOptions {
  runner: Runner;
  thread: Thread;
  run: RunRecord;
  person: Person;
  name: "cancel" | "retry" | "abandon";
  commentId: number;
  /** The inbox entry the command came in; removed with its effect. */
  entryId: number;
}

/**
 * Handles `/cancel`, `/retry` and `/abandon` on a run's issue, from the
 * run's queue. `/cancel` (requester or approver) ends a paused run;
 * `/retry` and `/abandon` (approver) settle a run whose outcome is unknown.
 */
export async function runCommand(options: CommandOptions): Promise<void> {
  const { runner, person, name } = options;
  const run = runner.services.store.runs.get(options.run.id)!;
  const refusal = await refusalOf(options, run);
  if (refusal) {
    return answerOnly(options, withCode(refusal.message, refusal.code));
  }
  if (name === "retry") return retry(options, run);
  const end = ends[name];
  const tail = name === "abandon" ? "; its last action was not repeated" : "";
  await endRun(runner, options.thread, run, {
    status: end.status,
    note: end.note,
    key: commandKey(options),
    message: `Run ${run.id} ${end.verb} by @${person.login}${tail}.`,
    by: person.login,
    also: () => runner.services.store.inbox.remove(options.entryId),
  });
}

const ends = {
  cancel: { status: "cancelled", note: "cancelled", verb: "cancelled" },
  abandon: { status: "failed", note: "abandoned", verb: "abandoned" },
} as const;

/** Why the command cannot be done by this person now, if it cannot. */
async function refusalOf(options: CommandOptions, run: RunRecord) {
  const { person, name } = options;
  const allowed =
    (await isApprover(options)) ||
    (name === "cancel" &&
      person.id === run.requesterId &&
      person.type === "User");
  if (!allowed) {
    const who =
      name === "cancel" ? "the requester or an approver" : "an approver";
    return fail("AR_COMMAND_NOT_ALLOWED", {
      login: person.login,
      command: name,
      who,
    });
  }
  const wanted = name === "cancel" ? "paused" : "unknown";
  if (run.status === wanted) return undefined;
  return fail("AR_COMMAND_NOT_APPLICABLE", {
    command: name,
    run: run.id,
    status: run.status,
    expected:
      wanted === "paused"
        ? "a run that waits for people"
        : "a run whose outcome is unknown",
  });
}

async function answerOnly(options: CommandOptions, text: string) {
  const { runner, thread } = options;
  runner.services.store.transaction(() => {
    runner.services.store.inbox.remove(options.entryId);
    thread.defer(commandKey(options), text);
  });
  await thread.flush();
}

/** Schedules the task whose outcome is unknown once more, on purpose. */
async function retry(options: CommandOptions, run: RunRecord): Promise<void> {
  const { runner, thread, person } = options;
  const { store } = runner.services;
  store.transaction(() => {
    store.inbox.remove(options.entryId);
    const tasks: string[] = [];
    for (const step of store.steps.ofRun(run.id)) {
      if (step.status !== "unknown") continue;
      store.steps.move(step.id, ["unknown"], "abandoned", {
        note: "retried",
        actor: person.login,
      });
      store.steps.add(run.id, step.task, step.action);
      tasks.push(step.task);
    }
    store.runs.setStatus(run.id, "running");
    store.events.add(run.id, "retried", { by: person.login, tasks });
    markDirty(runner.services, run.id);
    thread.defer(
      commandKey(options),
      `@${person.login} asked to run ${tasks.map((t) => `\`${t}\``).join(", ")} again; it runs once more now.`,
    );
  });
  await thread.flush();
  void runner.kick(run.id);
}

function commandKey(options: CommandOptions): string {
  return `command-${options.commentId}`;
}

/** Whether the person may answer any inquiry of this run. */
async function isApprover(options: CommandOptions): Promise<boolean> {
  const { run, runner, thread, person } = options;
  const all: Approvers[] = runner.services.store.inquiries
    .list({ runId: run.id })
    .filter((i) => i.kind === "ask")
    .map((i) => i.spec.approvers);
  // A run that never asked anyone falls to the repository's maintainers.
  if (all.length === 0) {
    all.push({
      users: [],
      teams: [],
      roles: ["maintain"],
      allowRequester: false,
    });
  }
  for (const approvers of all) {
    const check = {
      octokit: thread.octokit,
      issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
      approvers,
      requesterId: run.requesterId,
    };
    if (await mayAnswer(check, person)) return true;
  }
  return false;
}
