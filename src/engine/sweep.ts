import { guardedActions } from "../actions/registry.js";
import { deferComment } from "../github/thread.js";
import type { InquiryRecord, RunRecord, StepRecord } from "../store/types.js";
import { processInbox } from "./inbox.js";
import { expireInquiry, isOverdue } from "./lifecycle.js";
import { markDirty, type Runner, whereOf } from "./runner.js";

/** Share of an inquiry's ttl after which its route is reminded. */
const remindAt = 0.8;

/**
 * Ends inquiries past their deadline and reminds those close to it.
 * Deadlines are stored, so this works the same after a restart. Runs
 * left behind by a failed GitHub call are nudged on as well.
 */
export async function sweepInquiries(runner: Runner): Promise<void> {
  const { store, now } = runner.services;
  nudgeRuns(runner);
  for (const inquiry of store.inquiries.list({ status: "open" })) {
    const run = store.runs.get(inquiry.runId)!;
    const ttlMs = (inquiry.spec.ttlMinutes ?? 0) * 60_000;
    if (isOverdue(inquiry, now())) {
      await runner.enqueue(run.id, async (thread) => {
        await expireInquiry(runner, thread, inquiry);
      });
    } else if (
      now() >= inquiry.deadline - ttlMs * (1 - remindAt) &&
      !inquiry.reminded
    ) {
      await runner.enqueue(run.id, (thread) =>
        remind(runner, thread, run, inquiry),
      );
    }
  }
}

async function remind(
  runner: Runner,
  thread: Parameters<Parameters<Runner["enqueue"]>[1]>[0],
  run: RunRecord,
  inquiry: InquiryRecord,
): Promise<void> {
  const { store } = runner.services;
  const route = inquiry.spec.route
    ? `@${run.owner}/${inquiry.spec.route} `
    : "";
  const at = new Date(inquiry.deadline).toISOString();
  const count = store.responses.ofInquiry(inquiry.id).length;
  const text = `${route}Reminder: \`${inquiry.task}\` of run ${run.id} still needs answers (${count} of ${inquiry.approvals} so far) and expires at ${at}.`;
  const reminded = store.transaction(() => {
    if (!store.inquiries.markReminded(inquiry.id)) return false;
    store.events.add(run.id, "reminded", {
      inquiryId: inquiry.id,
      task: inquiry.task,
    });
    thread.defer(`step-${inquiry.stepId}/reminder`, text);
    return true;
  });
  if (reminded) await thread.flush();
}

/**
 * Drives on runs that may have been left halfway by an error (a GitHub
 * call that failed after the store changed): a running run, or one with
 * comments or an issue sync still due. Driving never repeats a started
 * action, so a nudge too many costs nothing.
 */
function nudgeRuns(runner: Runner): void {
  const { store } = runner.services;
  const runs = new Set([
    ...store.effects.runsWithWork(),
    ...store.runs.list(["running"]).map((r) => r.id),
  ]);
  for (const runId of runs) void runner.kick(runId);
}

/**
 * Picks runs up after a restart. A guarded action that was running when
 * the app stopped may or may not have happened: its run waits for a person
 * and is never repeated on its own. Anything else simply goes on: stored
 * comments are posted, issues synced, waiting replies taken up.
 */
export async function recoverRuns(runner: Runner): Promise<void> {
  const { store } = runner.services;
  for (const step of store.steps.withStatus("running")) {
    if (guardedActions.has(step.action)) markUnknown(runner, step);
    else store.steps.move(step.id, ["running"], "scheduled");
  }
  const runs = new Set([
    ...store.effects.runsWithWork(),
    ...store.inbox.runs(),
    ...store.runs.list(["running"]).map((r) => r.id),
  ]);
  for (const runId of [...runs].sort((a, b) => a - b)) {
    void runner
      .enqueue(runId, async (thread) => {
        await runner.catchUp(runId, thread);
        await processInbox(runner, runId, thread);
      })
      .catch((err: unknown) =>
        runner.services.log.error({ err, runId }, "recovery failed"),
      )
      .then(() => runner.kick(runId));
  }
}

function markUnknown(runner: Runner, step: StepRecord): void {
  const { store, log } = runner.services;
  store.transaction(() => {
    store.steps.move(step.id, ["running"], "unknown", { note: "interrupted" });
    store.runs.setStatus(step.runId, "unknown");
    const run = store.runs.get(step.runId)!;
    store.events.add(run.id, "outcome-unknown", {
      stepId: step.id,
      task: step.task,
    });
    deferComment(
      store,
      whereOf(run),
      `step-${step.id}/unknown`,
      `**Outcome unknown.** The app stopped while task \`${step.task}\` (\`${step.action}\`) was running, so it may or may not have happened. It will not be repeated on its own: an approver can comment \`/retry\` to run it again, or \`/abandon\` to end the run.`,
    );
    markDirty(runner.services, run.id);
  });
  log.warn({ runId: step.runId, task: step.task }, "outcome unknown");
}
