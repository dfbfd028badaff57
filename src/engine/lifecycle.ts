import type { Thread } from "../github/thread.js";
import type { RunRecord, RunStatus } from "../store/types.js";
import { markDirty, type Runner } from "./runner.js";

/** How a run ends from outside its tasks, and what the thread is told. */
export interface RunEnd {
  status: RunStatus;
  note: string;
  key: string;
  message: string;
  /** Who ended it, for the store's events; absent for the app itself. */
  by?: string;
  /** More to do in the same transaction (e.g. take a reply off the inbox). */
  also?: () => void;
}

/**
 * Ends a paused or stuck run from outside its tasks (cancel, expiry,
 * abandon): closes its open inquiries, fails its waiting steps, and
 * stores the end with its comment in one transaction; then the issue
 * shows it. False when the run had already ended.
 */
export async function endRun(
  runner: Runner,
  thread: Thread,
  run: RunRecord,
  end: RunEnd,
): Promise<boolean> {
  const { store } = runner.services;
  const ended = store.transaction(() => {
    end.also?.();
    const fresh = store.runs.get(run.id)!;
    if (!["paused", "running", "unknown"].includes(fresh.status)) return false;
    for (const inquiry of store.inquiries.list({
      runId: run.id,
      status: "open",
    })) {
      const to = end.status === "expired" ? "expired" : "cancelled";
      store.inquiries.move(inquiry.id, "open", to);
    }
    for (const step of store.steps.ofRun(run.id)) {
      const to = step.status === "unknown" ? "abandoned" : "failed";
      store.steps.move(step.id, ["scheduled", "paused", "unknown"], to, {
        note: end.note,
      });
    }
    store.runs.setStatus(run.id, end.status, true);
    store.events.add(run.id, "run-ended", {
      status: end.status,
      note: end.note,
      ...(end.by ? { by: end.by } : {}),
    });
    thread.defer(end.key, end.message);
    markDirty(runner.services, run.id);
    return true;
  });
  if (!ended) return false;
  await thread.flush();
  await runner.sync(run.id, thread);
  runner.logFor(run).info({ status: end.status }, "run ended");
  return true;
}
