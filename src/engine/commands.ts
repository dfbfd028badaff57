import type { Octokit } from "../github/octokit.js";
import type { Approvers, RunRecord } from "../store/types.js";
import { mayAnswer, type Person } from "./approvers.js";
import { endRun } from "./lifecycle.js";
import type { Runner } from "./runner.js";

export interface CommandOptions {
  runner: Runner;
  octokit: Octokit;
  run: RunRecord;
  person: Person;
  name: "cancel" | "retry" | "abandon";
  commentId: number;
  deliveryId: string;
}

/** Handles `/cancel`, `/retry` and `/abandon` on a run's issue. */
export async function runCommand(options: CommandOptions): Promise<void> {
  const { runner, run, person, name } = options;
  const { store } = runner.services;
  const allowed =
    (await isApprover(options)) ||
    (name === "cancel" &&
      person.id === run.requesterId &&
      person.type === "User");
  await runner.enqueue(run.id, async (thread) => {
    if (!store.recordDelivery(options.deliveryId, "command")) return;
    const fresh = store.getRun(run.id)!;
    const key = `command-${options.commentId}`;
    if (!allowed) {
      const who =
        name === "cancel" ? "the requester or an approver" : "an approver";
      await thread.comment(
        key,
        `@${person.login} may not \`/${name}\` this run; only ${who} may.`,
      );
      return;
    }
    if (name === "cancel") {
      if (fresh.status !== "paused") {
        await thread.comment(
          key,
          `Run ${run.id} is ${fresh.status}; only a paused run can be cancelled.`,
        );
        return;
      }
      await endRun(runner, thread, fresh, {
        status: "cancelled",
        note: "cancelled",
        key,
        message: `Run ${run.id} cancelled by @${person.login}.`,
      });
      return;
    }
    if (fresh.status !== "unknown") {
      await thread.comment(
        key,
        `Run ${run.id} is ${fresh.status}; \`/${name}\` applies only to a run whose outcome is unknown.`,
      );
      return;
    }
    if (name === "abandon") {
      await endRun(runner, thread, fresh, {
        status: "failed",
        note: "abandoned",
        key,
        message: `Run ${run.id} abandoned by @${person.login}; its last action was not repeated.`,
      });
      return;
    }
    retry(runner, fresh, person);
    await thread.comment(
      key,
      `@${person.login} asked to run the unfinished task again.`,
    );
    void runner.kick(run.id);
  });
}

/** Schedules the task whose outcome is unknown once more, on purpose. */
function retry(runner: Runner, run: RunRecord, person: Person): void {
  const { store } = runner.services;
  store.transaction(() => {
    for (const step of store.steps(run.id)) {
      if (step.status !== "unknown") continue;
      store.moveStep(step.id, ["unknown"], "abandoned", {
        note: `retried by ${person.login}`,
      });
      store.addStep(run.id, step.task, step.action);
    }
    store.setRunStatus(run.id, "running");
  });
}

/** Whether the person may answer any inquiry of this run. */
async function isApprover(options: CommandOptions): Promise<boolean> {
  const { run, runner, octokit, person } = options;
  const all: Approvers[] = runner.services.store
    .inquiries({ runId: run.id })
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
      octokit,
      issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
      approvers,
      requesterId: run.requesterId,
    };
    if (await mayAnswer(check, person)) return true;
  }
  return false;
}
