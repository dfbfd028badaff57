import { approversOf } from "../engine/approvers.js";
import { renderInquiry } from "../engine/inquiry-text.js";
import { renderTemplate } from "../workflow/template.js";
import type { ActionImpl } from "./types.js";

/**
 * Opens an inquiry and pauses. The inquiry is stored before its comment is
 * posted, so an answer that arrives meanwhile is not lost.
 */
export const askAction: ActionImpl = {
  name: "core.ask",
  async execute(context) {
    const { run, step, task, services, thread, scope } = context;
    const input = renderTemplate(task.input, scope) as Record<string, unknown>;
    const ttl = Number(input["ttl"] ?? services.config.defaultTtlMinutes);
    const inquiry = services.store.createInquiry({
      runId: run.id,
      stepId: step.id,
      task: task.name,
      kind: "ask",
      spec: {
        route: String(input["route"] ?? ""),
        approvers: approversOf(input, services.config),
        schema: (input["schema"] ?? {}) as Record<string, unknown>,
        ttlMinutes: ttl,
      },
      approvals: Number(input["approvals"] ?? 1),
      deadline: services.now() + ttl * 60_000,
      reminded: false,
      commentId: null,
      status: "open",
    });
    const body = renderInquiry({
      run,
      workflow: context.workflow,
      inquiry,
      scope,
    });
    const commentId = await thread.comment(`step-${step.id}/inquiry`, body);
    services.store.setInquiryComment(inquiry.id, commentId);
    return { status: "paused", input };
  },
};
