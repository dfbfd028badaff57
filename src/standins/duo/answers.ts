import { randomBytes } from "node:crypto";

/** A Duo user as the stand-in plays them. */
export interface DuoUser {
  /** What preauth says: enrolled, bypass, denied, or not enrolled. */
  status: "auth" | "allow" | "deny" | "enroll";
  /** Valid passcodes; each works once, as Duo's do. */
  passcodes: string[];
  /** How the person answers a push. */
  push: "allow" | "deny" | "timeout";
}

/** A reply the server writes as JSON. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The stand-in's single enrolled device, shaped like Duo's examples. */
export const STAND_IN_DEVICE = {
  device: "DPFZRS9FB0D46QFTM891",
  type: "phone",
  name: "Stand-in phone",
  number: "XXX-XXX-0100",
  capabilities: ["auto", "push", "sms", "phone", "mobile_otp"],
};

const PREAUTH_TEXT = {
  auth: "Account is active",
  allow: "Bypass user",
  deny: "Login denied",
  enroll: "Enroll an authentication device to proceed",
} as const;

export function ok(response: Record<string, unknown>): Answer {
  return { status: 200, body: { stat: "OK", response } };
}

export function failed(
  status: number,
  code: number,
  message: string,
  detail?: string,
): Answer {
  const body: Record<string, unknown> = { stat: "FAIL", code, message };
  if (detail) body["message_detail"] = detail;
  return { status, body };
}

function missing(name: string): Answer {
  return failed(400, 40001, "Missing required request parameters", name);
}

function invalid(name: string): Answer {
  return failed(400, 40002, "Invalid request parameters", name);
}

/** `/auth/v2/preauth`; an unknown user must enroll, as Duo's default does. */
export function answerPreauth(
  users: Map<string, DuoUser>,
  host: string,
  params: Record<string, string>,
): Answer {
  const username = params["username"];
  if (!username) return missing("username");
  const status = users.get(username)?.status ?? "enroll";
  const response: Record<string, unknown> = {
    result: status,
    status_msg: PREAUTH_TEXT[status],
  };
  if (status === "auth") response["devices"] = [STAND_IN_DEVICE];
  if (status === "enroll") response["enroll_portal_url"] = portalUrl(host);
  return ok(response);
}

function portalUrl(host: string): string {
  return `https://${host}/portal?code=${letters(16)}&akey=${letters(20)}`;
}

/**
 * Random lower-case letters. No digits: hex here now and then held a
 * six-digit run that tests, searching for leaked passcodes, took for one.
 */
function letters(length: number): string {
  return Array.from(randomBytes(length), (b) =>
    String.fromCharCode(97 + (b % 26)),
  ).join("");
}

/** `/auth/v2/auth`, synchronous only. */
export function answerAuth(
  users: Map<string, DuoUser>,
  params: Record<string, string>,
): Answer {
  const { username, factor } = params;
  if (!username) return missing("username");
  if (!factor) return missing("factor");
  if (params["async"] === "1") return invalid("async");
  const user = users.get(username);
  if (!user) return invalid("username");
  if (user.status !== "auth") return authWithoutFactor(user.status);
  if (factor === "passcode") return checkPasscode(user, params["passcode"]);
  if (factor === "push" || factor === "auto") return answerPush(user, params);
  return invalid("factor");
}

function authWithoutFactor(status: "allow" | "deny" | "enroll"): Answer {
  if (status === "allow") {
    return ok({ result: "allow", status: "bypass", status_msg: "Bypass user" });
  }
  const text = status === "deny" ? "Login denied" : "User is not enrolled";
  return ok({ result: "deny", status: "deny", status_msg: text });
}

function checkPasscode(user: DuoUser, passcode: string | undefined): Answer {
  if (!passcode) return missing("passcode");
  const index = user.passcodes.indexOf(passcode);
  if (index < 0) {
    const status_msg = "Invalid passcode, please try again.";
    return ok({ result: "deny", status: "deny", status_msg });
  }
  user.passcodes.splice(index, 1);
  return allowed();
}

function answerPush(user: DuoUser, params: Record<string, string>): Answer {
  const device = params["device"] ?? "auto";
  if (device !== "auto" && device !== STAND_IN_DEVICE.device) {
    return invalid("device");
  }
  if (user.push === "allow") return allowed();
  if (user.push === "deny") {
    const status_msg = "Login request denied.";
    return ok({ result: "deny", status: "deny", status_msg });
  }
  return ok({
    result: "deny",
    status: "timeout",
    status_msg: "Login timed out.",
  });
}

function allowed(): Answer {
  const status_msg = "Success. Logging you in...";
  return ok({ result: "allow", status: "allow", status_msg });
}
