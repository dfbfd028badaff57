import type { Services } from "../engine/services.js";
import type { Thread } from "../github/thread.js";
import { issueFactorToken } from "../store/factor-tokens.js";
import type { RunRecord } from "../store/types.js";

/** Who must confirm a factor step, as the factor inquiry stores them. */
export interface Confirmer {
  id: number;
  login: string;
}

export interface FactorLinkOptions {
  services: Pick<Services, "store" | "config">;
  thread: Thread;
  run: RunRecord;
  stepId: number;
  task: string;
  factor: string;
  confirmer: Confirmer;
}

/**
 * Issues a personal form link (revoking the person's earlier ones) and
 * posts it. Each link gets its own comment key, so a new link is a new
 * comment, never a silent no-op.
 */
export async function postFactorLink(options: FactorLinkOptions) {
  const { services, thread, run, stepId, confirmer } = options;
  const issued = issueFactorToken(services.store, {
    runId: run.id,
    stepId,
    userId: confirmer.id,
    login: confirmer.login,
  });
  const url = `${services.config.publicUrl.replace(/\/+$/, "")}/duo/${issued.token}`;
  const key = `step-${stepId}/duo-link-${confirmer.id}-${issued.generation}`;
  const body = renderLink(options, url, issued.expiresAt);
  return thread.comment(key, body);
}

function renderLink(
  options: FactorLinkOptions,
  url: string,
  expiresAt: number,
): string {
  const { run, task, factor, confirmer } = options;
  const how = describeFactor(factor);
  return [
    `@${confirmer.login}: please confirm run ${run.id} of \`${run.workflow}\` (task \`${task}\`) with Duo (${how}).`,
    "",
    `Your personal link: ${url}`,
    "",
    `It works for you alone, once, until ${isoTime(expiresAt)}. Type the passcode there, never in this issue. Comment \`/duo\` here for a new link.`,
  ].join("\n");
}

/** The factor in words for people. */
export function describeFactor(factor: string): string {
  if (factor === "push") return "a push to your phone";
  if (factor === "auto") return "a passcode or a push";
  return "a passcode";
}

export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
