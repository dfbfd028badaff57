import { fail, isAppError } from "../errors.js";

/** What Octokit's RequestError carries that we read. */
interface RequestFailure {
  status?: unknown;
  response?: unknown;
  request?: { url?: unknown };
  message?: unknown;
}

/** A failed GitHub call as an error for people, the cause kept. */
export function gitHubError(doing: string, err: unknown): Error {
  if (isAppError(err)) return err;
  const failure = (err ?? {}) as RequestFailure;
  const status = answeredStatus(failure);
  const shown =
    status === undefined
      ? `nothing: ${unreachable(failure)}`
      : `HTTP ${status}`;
  const hint = hintFor(status);
  return fail("AR_CLI_GITHUB", { doing, status: shown, hint }, { cause: err });
}

/**
 * The HTTP status GitHub answered with, if it answered at all: Octokit
 * reports a fetch that failed (refused, unknown host, bad URL, aborted)
 * as status 500 with no response, which is no answer from GitHub.
 */
function answeredStatus(failure: RequestFailure): number | undefined {
  if (typeof failure.status !== "number") return undefined;
  if (failure.status === 500 && failure.response === undefined) {
    return undefined;
  }
  return failure.status;
}

/** Where we tried and why it failed, e.g. `http://x:1 (connect ECONN…)`. */
function unreachable(failure: RequestFailure): string {
  const reason =
    typeof failure.message === "string" ? failure.message : "unknown error";
  const where = originOf(failure.request?.url);
  return where
    ? `${where} could not be reached (${reason})`
    : `the request failed (${reason})`;
}

/** Scheme, host and port only: paths and queries are not for errors. */
function originOf(url: unknown): string | undefined {
  if (typeof url !== "string" || !URL.canParse(url)) return undefined;
  const { origin } = new URL(url);
  return origin === "null" ? undefined : origin;
}

function hintFor(status: number | undefined): string {
  if (status === undefined) {
    return "Check --api-url (or GITHUB_API_URL) and the network.";
  }
  if (status === 401) return "Check the token (--token or GITHUB_TOKEN).";
  if (status === 403) {
    return "The token may lack access to the repository, or a rate limit was reached.";
  }
  if (status === 404) {
    return "Check --repo, and that the token can read that repository.";
  }
  return "Try again in a moment.";
}
