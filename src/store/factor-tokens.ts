import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Store } from "./store.js";

/**
 * Personal Duo form links. Only sha256 hashes of the token and of its
 * form's CSRF value are stored, so a copy of the database opens no form.
 */
export type FactorTokenState = "live" | "busy" | "used" | "dead" | "revoked";

export interface FactorToken {
  /** sha256 (hex) of the token in the link. */
  hash: string;
  runId: number;
  stepId: number;
  userId: number;
  login: string;
  /** sha256 (hex) of the form's current CSRF value; "" before a GET. */
  csrfHash: string;
  expiresAt: number;
  failures: number;
  state: FactorTokenState;
}

/** How long a link works. */
export const factorLinkTtlMs = 10 * 60_000;
/** Refusals (wrong passcodes, denied pushes) a link survives. */
export const maxFactorFailures = 5;

type Row = Record<string, unknown>;

/** 256 random bits, base64url: unguessable and safe in a URL path. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export interface NewFactorToken {
  runId: number;
  stepId: number;
  userId: number;
  login: string;
  ttlMs?: number;
}

/**
 * Makes a link for one person and step, revoking their earlier ones.
 * `generation` counts the links this person got for the step.
 */
export function issueFactorToken(
  store: Store,
  spec: NewFactorToken,
): { token: string; hash: string; generation: number; expiresAt: number } {
  const token = newSecret();
  const hash = hashSecret(token);
  const expiresAt = store.now() + (spec.ttlMs ?? factorLinkTtlMs);
  const generation = store.transaction(() => {
    revokeFactorTokens(store, { stepId: spec.stepId, userId: spec.userId });
    store.db
      .prepare(
        `insert into factor_tokens (hash, run_id, step_id, user_id, login,
           csrf, expires_at, failures, state)
         values (?, ?, ?, ?, ?, '', ?, 0, 'live')`,
      )
      .run(hash, spec.runId, spec.stepId, spec.userId, spec.login, expiresAt);
    return countTokens(store, spec.stepId, spec.userId);
  });
  return { token, hash, generation, expiresAt };
}

function countTokens(store: Store, stepId: number, userId: number): number {
  const row = store.db
    .prepare(
      "select count(*) as n from factor_tokens where step_id = ? and user_id = ?",
    )
    .get(stepId, userId) as Row;
  return Number(row["n"]);
}

/** The record behind a token from a link; undefined for an unknown one. */
export function findFactorToken(
  store: Store,
  token: string,
): FactorToken | undefined {
  return findFactorTokenByHash(store, hashSecret(token));
}

/** The record with this hash (a token's record read again). */
export function findFactorTokenByHash(
  store: Store,
  hash: string,
): FactorToken | undefined {
  const row = store.db
    .prepare("select * from factor_tokens where hash = ?")
    .get(hash);
  return row ? toToken(row as Row) : undefined;
}

/** What a link can do now: its state, or "expired" once past its time. */
export function factorTokenStatus(
  token: FactorToken,
  now: number,
): FactorTokenState | "expired" {
  const open = token.state === "live" || token.state === "busy";
  return open && now >= token.expiresAt ? "expired" : token.state;
}

/** Gives the form a fresh CSRF value; returns it (only its hash is kept). */
export function renewFactorCsrf(store: Store, hash: string): string {
  const csrf = newSecret();
  store.db
    .prepare("update factor_tokens set csrf = ? where hash = ?")
    .run(hashSecret(csrf), hash);
  return csrf;
}

/**
 * Whether a POST carries the form's CSRF value twice (hidden field and
 * cookie, which must match) and that value is the one last handed out.
 */
export function checkFactorCsrf(
  token: FactorToken,
  field: string | undefined,
  cookie: string | undefined,
): boolean {
  if (!field || !cookie || token.csrfHash === "") return false;
  return sameText(field, cookie) && sameText(hashSecret(field), token.csrfHash);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Takes a live, unexpired link for one Duo call; false if it is not. */
export function claimFactorToken(store: Store, hash: string): boolean {
  return move(store, hash, "live", "busy", "and expires_at > ?", store.now());
}

/** Gives a link back after Duo gave no answer: nothing was decided. */
export function releaseFactorToken(store: Store, hash: string): boolean {
  return move(store, hash, "busy", "live");
}

/** Marks a link used after Duo allowed: it never works again. */
export function spendFactorToken(store: Store, hash: string): boolean {
  return move(store, hash, "busy", "used");
}

/** Counts a refusal; the link dies at the limit. */
export function strikeFactorToken(
  store: Store,
  hash: string,
): { failures: number; dead: boolean } {
  const row = store.db
    .prepare(
      `update factor_tokens set failures = failures + 1,
         state = case when failures + 1 >= ? then 'dead' else 'live' end
       where hash = ? and state = 'busy'
       returning failures, state`,
    )
    .get(maxFactorFailures, hash) as Row | undefined;
  if (!row) return { failures: 0, dead: false };
  return { failures: Number(row["failures"]), dead: row["state"] === "dead" };
}

/** Revokes the open links of a step (of one person, if given). */
export function revokeFactorTokens(
  store: Store,
  where: { stepId: number; userId?: number },
): number {
  const info = store.db
    .prepare(
      `update factor_tokens set state = 'revoked'
       where step_id = ? and (? is null or user_id = ?)
         and state in ('live', 'busy')`,
    )
    .run(where.stepId, where.userId ?? null, where.userId ?? null);
  return info.changes;
}

function move(
  store: Store,
  hash: string,
  from: FactorTokenState,
  to: FactorTokenState,
  extra = "",
  ...args: unknown[]
): boolean {
  const info = store.db
    .prepare(
      `update factor_tokens set state = ? where hash = ? and state = ? ${extra}`,
    )
    .run(to, hash, from, ...args);
  return info.changes === 1;
}

function toToken(row: Row): FactorToken {
  return {
    hash: String(row["hash"]),
    runId: Number(row["run_id"]),
    stepId: Number(row["step_id"]),
    userId: Number(row["user_id"]),
    login: String(row["login"]),
    csrfHash: String(row["csrf"]),
    expiresAt: Number(row["expires_at"]),
    failures: Number(row["failures"]),
    state: row["state"] as FactorTokenState,
  };
}
