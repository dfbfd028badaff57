import { badShape, cleanText, isRecord, type Scrub } from "./reply.js";
import type {
  AuthAnswer,
  DuoDevice,
  PreauthAnswer,
  PreauthResult,
} from "./types.js";

const PREAUTH_RESULTS: readonly PreauthResult[] = [
  "auth",
  "allow",
  "deny",
  "enroll",
];

/** Reads Duo's preauth `response`; an unknown `result` is unreadable. */
export function readPreauth(
  endpoint: string,
  response: Record<string, unknown>,
  scrub: Scrub,
): PreauthAnswer {
  const result = PREAUTH_RESULTS.find((r) => r === response["result"]);
  if (!result) throw badShape(endpoint, "an unknown `result`");
  const answer: PreauthAnswer = {
    result,
    statusMsg: cleanText(response["status_msg"], scrub) ?? "",
    devices: readDevices(response["devices"]),
  };
  const url = response["enroll_portal_url"];
  if (typeof url === "string" && url.startsWith("https://")) {
    answer.enrollPortalUrl = url;
  }
  return answer;
}

function readDevices(value: unknown): DuoDevice[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!isRecord(item) || typeof item["device"] !== "string") return [];
    const capabilities = Array.isArray(item["capabilities"])
      ? item["capabilities"].filter((c) => typeof c === "string")
      : [];
    const type = typeof item["type"] === "string" ? item["type"] : "unknown";
    return [{ device: item["device"], type, capabilities }];
  });
}

/**
 * Reads Duo's synchronous auth `response`. Only `allow` and `deny` are
 * answers; anything else (an async `txid`, `waiting`) is unreadable here.
 */
export function readAuth(
  endpoint: string,
  response: Record<string, unknown>,
  scrub: Scrub,
): AuthAnswer {
  const result = response["result"];
  if (result !== "allow" && result !== "deny") {
    throw badShape(endpoint, "a `result` that is neither allow nor deny");
  }
  const status = cleanText(response["status"], scrub) ?? result;
  const statusMsg = cleanText(response["status_msg"], scrub) ?? "";
  return { result, status, statusMsg };
}

/** Reads `/auth/v2/check`'s `response`: it must carry Duo's clock. */
export function readCheck(
  endpoint: string,
  response: Record<string, unknown>,
): void {
  if (typeof response["time"] !== "number") {
    throw badShape(endpoint, "no `time`");
  }
}
