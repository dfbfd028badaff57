import {
  createPublicKey,
  type KeyObject,
  randomBytes,
  verify,
} from "node:crypto";

/** GitHub's answer to a request it cannot authenticate. */
export interface AuthFailure {
  readonly message: string;
}

const skewSeconds = 60;
const maxLifetimeSeconds = 600;
const tokenLifetimeMs = 60 * 60 * 1000;

/** The credential in an `Authorization` header, without its scheme. */
export function credentialOf(header: string | undefined): string | undefined {
  const found = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header ?? "");
  return found?.[1];
}

const installationLookups = new Set([
  "/repos/{owner}/{repo}/installation",
  "/orgs/{org}/installation",
  "/users/{username}/installation",
]);

/** Routes GitHub serves to the app itself, authenticated by its JWT. */
export function needsAppJwt(template: string): boolean {
  return (
    template === "/app" ||
    template.startsWith("/app/") ||
    installationLookups.has(template)
  );
}

/** Checks an app JWT the way GitHub does; undefined when it is good. */
export function checkAppJwt(
  jwt: string | undefined,
  options: { appId: number; publicKey: KeyObject; nowSeconds: number },
): AuthFailure | undefined {
  if (!jwt) return { message: "Requires authentication" };
  const claims = decodeVerified(jwt, options.publicKey);
  if (!claims) return { message: "A JSON web token could not be decoded" };
  return checkClaims(claims, options);
}

function decodeVerified(jwt: string, key: KeyObject) {
  const [header, payload, signature, extra] = jwt.split(".");
  if (!header || !payload || !signature || extra !== undefined) return;
  try {
    const alg = JSON.parse(fromBase64Url(header).toString("utf8")).alg;
    const data = Buffer.from(`${header}.${payload}`);
    const good = verify("sha256", data, key, fromBase64Url(signature));
    if (alg !== "RS256" || !good) return;
    return JSON.parse(fromBase64Url(payload).toString("utf8")) as Claims;
  } catch {
    return;
  }
}

interface Claims {
  iss?: unknown;
  iat?: unknown;
  exp?: unknown;
}

function checkClaims(
  claims: Claims,
  options: { appId: number; nowSeconds: number },
): AuthFailure | undefined {
  const { iss, iat, exp } = claims;
  const now = options.nowSeconds;
  if (String(iss) !== String(options.appId)) {
    return { message: "'Issuer' claim ('iss') must be an Integer" };
  }
  if (typeof iat !== "number" || iat > now + skewSeconds) {
    return {
      message:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    };
  }
  if (typeof exp !== "number" || exp <= now - skewSeconds) {
    return {
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  }
  if (exp - iat > maxLifetimeSeconds) {
    return {
      message: "'Expiration time' claim ('exp') is too far in the future",
    };
  }
  return undefined;
}

function fromBase64Url(text: string): Buffer {
  return Buffer.from(text, "base64url");
}

/** Parses the app's public key once; a bad key fails at start-up. */
export function parsePublicKey(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** Installation access tokens minted by the stand-in. */
export class TokenStore {
  readonly #tokens = new Map<
    string,
    { installationId: number; until: number }
  >();

  /** A new `ghs_` token for the installation, valid for one hour. */
  mint(installationId: number, nowMs: number) {
    const token = `ghs_${randomToken(36)}`;
    const until = nowMs + tokenLifetimeMs;
    this.#tokens.set(token, { installationId, until });
    return { token, expiresAt: new Date(until) };
  }

  /** The installation a live token belongs to, if any. */
  installationOf(token: string | undefined, nowMs: number) {
    const found = token === undefined ? undefined : this.#tokens.get(token);
    return found && found.until > nowMs ? found.installationId : undefined;
  }

  readonly #people = new Map<string, string>();

  /** A personal access token (`ghp_`) that acts as `login`. */
  mintPersonal(login: string): string {
    const token = `ghp_${randomToken(36)}`;
    this.#people.set(token, login);
    return token;
  }

  /** The login a personal access token acts as, if any. */
  personOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.#people.get(token);
  }
}

const alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}
