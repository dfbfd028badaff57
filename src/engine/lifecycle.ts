import type { Thread } from "../github/thread.js";
import type { RunRecord, RunStatus } from "../store/types.js";
import type { Runner } from "./runner.js";

/**
 * Ends a paused or stuck run from outside its tasks (cancel, expiry,
 * abandon): closes its open inquiries, fails its waiting steps, and shows
 * the end on the issue.
 */
export async function endRun(
  runner: Runner,
  thread: Thread,
  run: RunRecord,
  end: { status: RunStatus; note: string; key: string; message: string },
): Promise<void> {
  const { store } = runner.services;
  const ended = store.transaction(() => {
    const fresh = store.getRun(run.id)!;
    if (!["paused", "running", "unknown"].includes(fresh.status)) return false;
    for (const inquiry of store.inquiries({ runId: run.id, status: "open" })) {
      const to = end.status === "expired" ? "expired" : "cancelled";
      store.moveInquiry(inquiry.id, "open", to);
    }
    for (const step of store.steps(run.id)) {
      const to = step.status === "unknown" ? "abandoned" : "failed";
      store.moveStep(step.id, ["scheduled", "paused", "unknown"], to, {
        note: end.note,
      });
    }
    store.setRunStatus(run.id, end.status, true);
    return true;
  });
  if (!ended) return;
  await runner.setStatus(run, end.status, thread);
  await thread.comment(end.key, end.message);
  await thread.close("not_planned");
  runner.logFor(run).info({ status: end.status }, "run ended");
}
