import type { Thread } from "../github/thread.js";
import type { InquiryRecord, RunRecord, RunStatus } from "../store/types.js";
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

/** Whether an open inquiry's time was up at `at` (ms since the epoch). */
export function isOverdue(inquiry: InquiryRecord, at: number): boolean {
  return inquiry.status === "open" && at >= inquiry.deadline;
}

/**
 * Ends a run whose inquiry ran out of time. The sweep comes here, and so
 * does every answer, command or Duo confirmation that finds the inquiry
 * past its deadline before the sweep did, so a late answer meets the same
 * expired run either way. False when the inquiry was no longer open.
 */
export async function expireInquiry(
  runner: Runner,
  thread: Thread,
  inquiry: InquiryRecord,
): Promise<boolean> {
  const { store } = runner.services;
  if (store.inquiries.get(inquiry.id)?.status !== "open") return false;
  const run = store.runs.get(inquiry.runId)!;
  const at = new Date(inquiry.deadline).toISOString();
  return endRun(runner, thread, run, {
    status: "expired",
    note: "expired",
    key: `step-${inquiry.stepId}/expired`,
    message: `The inquiry \`${inquiry.task}\` expired at ${at} without the answers it needed; run ${run.id} ends. Later answers change nothing.`,
  });
}

/**
 * Expires the run's open inquiries whose deadline had passed at `at`
 * (when a reply arrived, or now); call from the run's queue. True when
 * one was.
 */
export async function expireOverdue(
  runner: Runner,
  thread: Thread,
  runId: number,
  at: number,
): Promise<boolean> {
  const open = runner.services.store.inquiries.list({ runId, status: "open" });
  const late = open.find((inquiry) => isOverdue(inquiry, at));
  return late ? expireInquiry(runner, thread, late) : false;
}
