import { approversOf } from "../engine/approvers.js";
import { renderInquiry } from "../engine/inquiry-text.js";
import type { InquiryRecord } from "../store/types.js";
import { renderTemplate } from "../workflow/template.js";
import type { ActionContext, ActionImpl } from "./types.js";

/** The longest an inquiry may wait, in minutes (30 days). */
const maxTtlMinutes = 43_200;

/**
 * Opens an inquiry and pauses. The inquiry is stored, with its deadline,
 * before its comment is posted; run again after a crash, it finds the
 * same inquiry and the same comment.
 */
export const askAction: ActionImpl = {
  name: "core.ask",
  async execute(context) {
    const { run, step, task, thread, scope } = context;
    const input = renderTemplate(task.input, scope) as Record<string, unknown>;
    const inquiry = openInquiry(context, input);
    const body = renderInquiry({
      run,
      workflow: context.workflow,
      inquiry,
      scope,
    });
    const commentId = await thread.comment(`step-${step.id}/inquiry`, body);
    context.services.store.inquiries.setComment(inquiry.id, commentId);
    return { status: "paused", input };
  },
};

/** The step's inquiry: found when the step runs again, else stored. */
function openInquiry(
  context: ActionContext,
  input: Record<string, unknown>,
): InquiryRecord {
  const { run, step, task, services } = context;
  const { store, config } = services;
  const ttl = ttlOf(input["ttl"], config.defaultTtlMinutes);
  return store.transaction(() => {
    const existing = store.inquiries.forStep(step.id);
    if (existing) return existing;
    const created = store.inquiries.create({
      runId: run.id,
      stepId: step.id,
      task: task.name,
      kind: "ask",
      spec: {
        route: String(input["route"] ?? ""),
        approvers: approversOf(input, config),
        schema: (input["schema"] ?? {}) as Record<string, unknown>,
        ttlMinutes: ttl,
      },
      approvals: wholeAtLeastOne(input["approvals"]),
      deadline: services.now() + ttl * 60_000,
      reminded: false,
      commentId: null,
      status: "open",
    });
    store.events.add(run.id, "inquiry-opened", {
      inquiryId: created.id,
      task: task.name,
      approvals: created.approvals,
      deadline: created.deadline,
      approvers: created.spec.approvers,
    });
    return created;
  });
}

/** A ttl is always enforced: a missing or odd value takes the default. */
function ttlOf(value: unknown, fallback: number): number {
  const minutes = Number(value ?? fallback);
  if (!Number.isFinite(minutes) || minutes <= 0) return fallback;
  return Math.min(minutes, maxTtlMinutes);
}

function wholeAtLeastOne(value: unknown): number {
  const n = Math.floor(Number(value ?? 1));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}
