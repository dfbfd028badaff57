import {
  type GuardedCommand,
  guardedCommands,
} from "../engine/inquiry-text.js";
import { scopeOf, workflowOf } from "../engine/runner.js";
import type { FactorToken } from "../store/factor-tokens.js";
import type { Store } from "../store/store.js";
import type { InquiryRecord, RunRecord, StepRecord } from "../store/types.js";

/** What a form page shows about the step it confirms. */
export interface FormFacts {
  run: RunRecord;
  step: StepRecord;
  inquiry: InquiryRecord | undefined;
  /** The factors the step takes: passcode, push, or both for auto. */
  factor: string;
  /** The guarded tasks that follow, with host aliases and commands. */
  guarded: GuardedCommand[];
}

/** Reads the run, step and inquiry behind a token. */
export function factsFor(store: Store, token: FactorToken): FormFacts {
  const run = store.runs.get(token.runId)!;
  const step = store.steps.get(token.stepId)!;
  const inquiry = store.inquiries.forStep(step.id);
  let guarded: GuardedCommand[] = [];
  try {
    guarded = guardedCommands(workflowOf(run), step.task, scopeOf(run));
  } catch {
    guarded = [];
  }
  return {
    run,
    step,
    inquiry,
    factor: inquiry?.spec.factor ?? "passcode",
    guarded,
  };
}

/** Whether the step takes this factor from the form. */
export function takes(facts: FormFacts, factor: "passcode" | "push") {
  return facts.factor === "auto" || facts.factor === factor;
}

/** Whether the step still waits (it is running while links are posted). */
export function stillWaiting(facts: FormFacts): boolean {
  const waiting = ["running", "paused"].includes(facts.step.status);
  return facts.inquiry?.status === "open" && waiting;
}

/** Whether this person already confirmed the step. */
export function alreadyConfirmed(
  store: Store,
  facts: FormFacts,
  token: FactorToken,
): boolean {
  if (!facts.inquiry) return false;
  return store.responses
    .ofInquiry(facts.inquiry.id)
    .some((r) => r.userId === token.userId);
}
