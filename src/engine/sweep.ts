import { guardedActions } from "../actions/registry.js";
import { endRun } from "./lifecycle.js";
import type { Runner } from "./runner.js";

/** Share of an inquiry's ttl after which its route is reminded. */
const remindAt = 0.8;

/**
 * Ends inquiries past their deadline and reminds those close to it.
 * Deadlines are stored, so this works the same after a restart.
 */
export async function sweepInquiries(runner: Runner): Promise<void> {
  const { store, now } = runner.services;
  for (const inquiry of store.inquiries({ status: "open" })) {
    const run = store.getRun(inquiry.runId)!;
    const ttlMs = (inquiry.spec.ttlMinutes ?? 0) * 60_000;
    if (now() >= inquiry.deadline) {
      await runner.enqueue(run.id, (thread) =>
        endRun(runner, thread, run, {
          status: "expired",
          note: "expired",
          key: `step-${inquiry.stepId}/expired`,
          message: `The inquiry \`${inquiry.task}\` expired at ${new Date(inquiry.deadline).toISOString()} without the answers it needed; run ${run.id} ends. Later answers change nothing.`,
        }),
      );
    } else if (
      now() >= inquiry.deadline - ttlMs * (1 - remindAt) &&
      !inquiry.reminded
    ) {
      const route = inquiry.spec.route
        ? `@${run.owner}/${inquiry.spec.route} `
        : "";
      await runner.enqueue(run.id, async (thread) => {
        if (!store.markReminded(inquiry.id)) return;
        await thread.comment(
          `step-${inquiry.stepId}/reminder`,
          `${route}Reminder: \`${inquiry.task}\` still needs answers and expires at ${new Date(inquiry.deadline).toISOString()}.`,
        );
      });
    }
  }
}

/**
 * Picks runs up after a restart. A guarded action that was running when
 * the app stopped may or may not have happened: its run waits for a person
 * and is never repeated on its own. Anything else simply goes on.
 */
export async function recoverRuns(runner: Runner): Promise<void> {
  const { store, log } = runner.services;
  for (const step of store.stepsWithStatus("running")) {
    if (!guardedActions.has(step.action)) {
      store.moveStep(step.id, ["running"], "scheduled");
      continue;
    }
    store.transaction(() => {
      store.moveStep(step.id, ["running"], "unknown", { note: "interrupted" });
      store.setRunStatus(step.runId, "unknown");
    });
    const run = store.getRun(step.runId)!;
    log.warn({ runId: run.id, task: step.task }, "outcome unknown");
    await runner.enqueue(run.id, async (thread) => {
      await runner.setStatus(run, "unknown", thread);
      await thread.comment(
        `step-${step.id}/unknown`,
        `**Outcome unknown.** The app stopped while task \`${step.task}\` (\`${step.action}\`) was running, so it may or may not have happened. It will not be repeated on its own: an approver can comment \`/retry\` to run it again, or \`/abandon\` to end the run.`,
      );
    });
  }
  for (const run of store.listRuns(["running"])) void runner.kick(run.id);
}
