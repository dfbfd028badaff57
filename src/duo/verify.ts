import type { DuoClient, DuoFactor, PreauthAnswer } from "./types.js";

/** Why a factor was allowed or refused; stable, for records and tests. */
export type FactorReason =
  /** Duo's auth allowed the factor. */
  | "allowed"
  /** Duo's auth denied it: wrong or used passcode, push denied or timed out. */
  | "denied"
  /** Duo's preauth denies this user outright (disabled, locked out, policy). */
  | "preauth-denied"
  /** Duo has the user in bypass; we refuse, as no device was used. */
  | "bypass-refused"
  /** The user has no Duo device; we refuse and say to enroll. */
  | "enroll-required"
  /** A push was asked for, but no device of the user takes pushes. */
  | "push-unavailable";

/** The decision on one second factor; safe to record in a public issue. */
export interface FactorOutcome {
  allowed: boolean;
  factor: DuoFactor;
  /** Which Duo call decided: preauth refuses early, auth decides the rest. */
  stage: "preauth" | "auth";
  /** Duo's `result` from that call (`auth`/`allow`/`deny`/`enroll`). */
  result: string;
  reason: FactorReason;
  /** Duo's status_msg, or our explanation when we refused. No secrets. */
  statusMsg: string;
  /** When the decision was made, ISO 8601 UTC. */
  at: string;
}

export interface ConfirmFactorOptions {
  /** The Duo username (after the operator's GitHub→Duo map). */
  username: string;
  factor: DuoFactor;
  /** Required for `passcode`. */
  passcode?: string;
  ipaddr?: string;
  pushinfo?: Record<string, string>;
  now?: () => Date;
}

type Refusal = Pick<FactorOutcome, "reason" | "statusMsg">;

/**
 * A bypassed user has proved possession of nothing, so Duo's "allow" at
 * preauth cannot stand in for a second factor on an approval.
 */
const BYPASS_REFUSED =
  "Duo lists this user in bypass, so no device was used and no second factor was proved. An approval needs one: ask the Duo administrator to take the user out of bypass.";

/**
 * The enrollment link is a bearer link: whoever opens it can enroll their
 * own device as this user, so it is never put in an outcome (which reaches
 * issue comments). The person asks the Duo administrator instead.
 */
const ENROLL_REQUIRED =
  "This user has no Duo device enrolled, so no second factor is possible. Ask the Duo administrator for an enrollment link (none is shown here: anyone holding it could enroll a device as this user).";

const PUSH_UNAVAILABLE =
  "None of this user's Duo devices can take a push; use a passcode instead.";

/**
 * Confirms a second factor for an approval: preauth first, refusing
 * bypass, deny and enroll; then auth with the chosen factor. Throws
 * `AR_DUO_*` when Duo gives no answer; then nothing was decided.
 */
export async function confirmFactor(
  client: DuoClient,
  options: ConfirmFactorOptions,
): Promise<FactorOutcome> {
  const { username, factor, ipaddr } = options;
  if (factor === "passcode" && !options.passcode) {
    throw new TypeError("a passcode factor needs a passcode");
  }
  const pre = await client.preauth(username, ipaddr ? { ipaddr } : undefined);
  const refusal = refuseAtPreauth(pre, factor);
  if (refusal) {
    return decide(options, "preauth", pre.result, false, refusal);
  }
  const answer = await client.auth(authRequest(options));
  const allowed = answer.result === "allow";
  const statusMsg = answer.statusMsg || `Duo answered ${answer.result}.`;
  const reason = allowed ? "allowed" : "denied";
  return decide(options, "auth", answer.result, allowed, { reason, statusMsg });
}

/** The policy for each preauth result; `undefined` means "go on to auth". */
export function refuseAtPreauth(
  pre: PreauthAnswer,
  factor: DuoFactor,
): Refusal | undefined {
  switch (pre.result) {
    case "allow":
      return { reason: "bypass-refused", statusMsg: BYPASS_REFUSED };
    case "deny": {
      const statusMsg = pre.statusMsg || "Duo denies this user.";
      return { reason: "preauth-denied", statusMsg };
    }
    case "enroll":
      return { reason: "enroll-required", statusMsg: ENROLL_REQUIRED };
    case "auth":
      return factor === "push" && !canPush(pre)
        ? { reason: "push-unavailable", statusMsg: PUSH_UNAVAILABLE }
        : undefined;
  }
}

function canPush(pre: PreauthAnswer): boolean {
  return pre.devices.some((d) => d.capabilities.includes("push"));
}

function authRequest(options: ConfirmFactorOptions) {
  const { username, factor, passcode, ipaddr, pushinfo } = options;
  return {
    username,
    factor,
    ...(passcode !== undefined && factor === "passcode" ? { passcode } : {}),
    ...(ipaddr !== undefined ? { ipaddr } : {}),
    ...(pushinfo !== undefined && factor === "push" ? { pushinfo } : {}),
  };
}

function decide(
  options: ConfirmFactorOptions,
  stage: FactorOutcome["stage"],
  result: string,
  allowed: boolean,
  why: Refusal,
): FactorOutcome {
  const at = (options.now?.() ?? new Date()).toISOString();
  return { allowed, factor: options.factor, stage, result, ...why, at };
}
