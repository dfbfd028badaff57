import { createHmac, timingSafeEqual } from "node:crypto";

/** What the stand-in knows about the one integration it serves. */
export interface Integration {
  ikey: string;
  skey: string;
  /** The API hostname clients sign for (not the address they connect to). */
  host: string;
  /** How far a request's date may be from the stand-in's clock. */
  maxSkewSeconds: number;
}

export interface SignedRequestParts {
  method: string;
  path: string;
  /** Every parameter in arrival order; a repeated key appears repeatedly. */
  params: Array<[string, string]>;
  headers: Record<string, string | string[] | undefined>;
}

/** Duo's answer to a request whose credentials do not hold. */
export interface CredentialFailure {
  status: 401;
  code: number;
  message: string;
}

// 40103 and its wording are Duo's; the other codes are our choice, as
// Duo's full table was not at hand. Clients treat every FAIL alike.
const MISSING_DATE = { code: 40105, message: "Missing request timestamp" };
const STALE_DATE = {
  code: 40106,
  message: "Request timestamp is too far from the server's clock",
};
const MISSING_CREDENTIALS = {
  code: 40101,
  message: "Missing request credentials",
};
const WRONG_IKEY = {
  code: 40102,
  message: "Invalid integration key in request credentials",
};
const BAD_SIGNATURE = {
  code: 40103,
  message: "Invalid signature in request credentials",
};

/**
 * Checks a v2 signature from first principles (Duo's documented canonical
 * request and HMAC-SHA512), not with the SDK, so client and stand-in are
 * two independent readings of the algorithm.
 */
export function checkSignature(
  integration: Integration,
  request: SignedRequestParts,
  nowMs: number,
): CredentialFailure | undefined {
  const date =
    headerValue(request.headers, "x-duo-date") ??
    headerValue(request.headers, "date");
  if (!date) return failure(MISSING_DATE);
  const dateMs = Date.parse(date);
  const skewMs = Math.abs(nowMs - dateMs);
  if (Number.isNaN(dateMs) || skewMs > integration.maxSkewSeconds * 1000) {
    return failure(STALE_DATE);
  }
  const credentials = readBasic(headerValue(request.headers, "authorization"));
  if (!credentials) return failure(MISSING_CREDENTIALS);
  if (credentials.user !== integration.ikey) return failure(WRONG_IKEY);
  const expected = hmacHex(
    integration,
    canonicalRequest(integration.host, request, date),
  );
  return sameText(credentials.password, expected)
    ? undefined
    : failure(BAD_SIGNATURE);
}

/** The v2 canonical request: date, METHOD, host, path, params; by "\n". */
export function canonicalRequest(
  host: string,
  request: Pick<SignedRequestParts, "method" | "path" | "params">,
  date: string,
): string {
  const lines = [date, request.method.toUpperCase(), host.toLowerCase()];
  return [...lines, request.path, canonicalParams(request.params)].join("\n");
}

/**
 * Parameters sorted by key (UTF-16 order, values of one key kept in
 * order), each key and value percent-encoded per RFC 3986, joined by "&".
 */
export function canonicalParams(params: Array<[string, string]>): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

/** RFC 3986: only A-Z a-z 0-9 - . _ ~ stay as they are. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmacHex(integration: Integration, canonical: string): string {
  return createHmac("sha512", integration.skey).update(canonical).digest("hex");
}

function readBasic(
  header: string | undefined,
): { user: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function headerValue(
  headers: SignedRequestParts["headers"],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function failure(kind: { code: number; message: string }): CredentialFailure {
  return { status: 401, ...kind };
}
