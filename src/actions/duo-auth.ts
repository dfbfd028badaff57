import { postFactorLink } from "../duo/links.js";
import { fail } from "../errors.js";
import type { Store } from "../store/store.js";
import type { InquiryRecord } from "../store/types.js";
import { renderTemplate } from "../workflow/template.js";
import type { ActionContext, ActionImpl } from "./types.js";

/** The factors a duo.auth task may ask for. */
export type StepFactor = "passcode" | "push" | "auto";

/**
 * Asks each person who answered the guarded inquiry to confirm with Duo
 * through a personal form link, then pauses. The form finishes the step
 * once every confirmer has been allowed.
 */
export const duoAuthAction: ActionImpl = {
  name: "duo.auth",
  async execute(context) {
    const { run, step, task, services, thread, scope, log } = context;
    const input = renderTemplate(task.input, scope) as Record<string, unknown>;
    if (!services.config.duo) {
      const hint = "add a `duo` section (ikey, skey, host) to the config";
      throw fail("AR_CONFIG_MISSING", { name: "duo", hint });
    }
    const factor = readFactor(input["factor"]);
    const { inquiry, ask } = openFactorInquiry(context, factor, input["for"]);
    const confirmers = inquiry.spec.confirmers ?? [];
    const done = new Set(
      services.store.responses.ofInquiry(inquiry.id).map((r) => r.userId),
    );
    const ids: number[] = [];
    for (const confirmer of confirmers.filter((c) => !done.has(c.id))) {
      const link = { services, thread, run, stepId: step.id, task: task.name };
      ids.push(await postFactorLink({ ...link, factor, confirmer }));
    }
    if (ids[0] !== undefined) {
      services.store.inquiries.setComment(inquiry.id, ids[0]);
    }
    const logins = confirmers.map((c) => c.login);
    log.info({ factor, confirmers: logins }, "factor asked");
    return { status: "paused", input: { factor, for: ask } };
  },
};

/** The alias StackStorm's Duo pack used, for imported workflows. */
export const duoAuthAliasAction: ActionImpl = {
  ...duoAuthAction,
  name: "duo.auth_auth",
};

function readFactor(value: unknown): StepFactor {
  return value === "push" || value === "auto" ? value : "passcode";
}

/**
 * Opens (or, when the step runs again, finds) the factor inquiry. Its
 * confirmers are the people whose answers the guarded inquiry recorded.
 */
function openFactorInquiry(
  context: ActionContext,
  factor: StepFactor,
  named: unknown,
): { inquiry: InquiryRecord; ask: string } {
  const { run, step, task, services } = context;
  const { store } = services;
  const ask = findAsk(store, run.id, typeof named === "string" ? named : "");
  if (!ask) {
    const name = typeof named === "string" ? named : "(none before it)";
    throw fail("AR_DUO_NO_CONFIRMERS", { task: task.name, ask: name });
  }
  const confirmers = store.responses
    .ofInquiry(ask.id)
    .map((r) => ({ id: r.userId, login: r.login }));
  if (confirmers.length === 0) {
    throw fail("AR_DUO_NO_CONFIRMERS", { task: task.name, ask: ask.task });
  }
  const ttlMinutes = ask.spec.ttlMinutes ?? services.config.defaultTtlMinutes;
  const inquiry = store.inquiries.create({
    runId: run.id,
    stepId: step.id,
    task: task.name,
    kind: "factor",
    spec: {
      route: "",
      approvers: ask.spec.approvers,
      schema: {},
      confirmers,
      factor,
      ttlMinutes,
    },
    approvals: confirmers.length,
    deadline: services.now() + ttlMinutes * 60_000,
    reminded: false,
    commentId: null,
    status: "open",
  });
  return { inquiry, ask: ask.task };
}

/**
 * The inquiry of the core.ask task named `name`, or of the latest one to
 * succeed when no name is given: the nearest before this step.
 */
function findAsk(
  store: Store,
  runId: number,
  name: string,
): InquiryRecord | undefined {
  const step = store.steps
    .ofRun(runId)
    .filter((s) => s.action === "core.ask" && s.status === "succeeded")
    .filter((s) => name === "" || s.task === name)
    .at(-1);
  return step ? store.inquiries.forStep(step.id) : undefined;
}
