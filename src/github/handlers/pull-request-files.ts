import { fail } from "../../errors.js";
import { type Octokit, statusOf } from "../octokit.js";

type Where = { owner: string; repo: string };

const perPage = 100;
// GitHub lists at most 3,000 files of a pull request.
const maxPages = 30;

/**
 * The names of the files a pull request changes. Only names are kept:
 * the app reads the files at the head through the contents API. The
 * body is parsed here rather than by Octokit, whose parser runs out of
 * stack on a multi-megabyte `patch` and hands back text instead.
 */
export async function changedFiles(
  octokit: Octokit,
  where: Where,
  pullNumber: number,
): Promise<string[]> {
  const names: string[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const batch = await filesPage(octokit, where, pullNumber, page);
    names.push(...batch);
    if (batch.length < perPage) break;
  }
  return names;
}

/** As `changedFiles`, tried once more when GitHub fails on its side. */
export async function changedFilesRetried(
  octokit: Octokit,
  where: Where,
  pullNumber: number,
  onRetry: (err: unknown) => void,
): Promise<string[]> {
  try {
    return await changedFiles(octokit, where, pullNumber);
  } catch (err) {
    // A GET changes nothing, so asking again is safe.
    if (!isTransient(err)) throw err;
    onRetry(err);
    return changedFiles(octokit, where, pullNumber);
  }
}

/** A 5xx or a failed connection (Octokit reports those as 500). */
export function isTransient(err: unknown): boolean {
  const status = statusOf(err);
  return status !== undefined && status >= 500;
}

async function filesPage(
  octokit: Octokit,
  where: Where,
  pullNumber: number,
  page: number,
): Promise<string[]> {
  const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}/files";
  const response = await octokit.request(route, {
    ...where,
    pull_number: pullNumber,
    per_page: perPage,
    page,
    request: { parseSuccessResponseBody: false },
  });
  // With parseSuccessResponseBody off, `data` is the body's stream.
  const body = response.data as unknown as ReadableStream<Uint8Array>;
  return namesOf(JSON.parse(await new Response(body).text()));
}

function namesOf(value: unknown): string[] {
  if (!Array.isArray(value)) throw unreadable("it is not a list");
  return value.map((entry: unknown) => {
    const name = (entry as { filename?: unknown } | null)?.filename;
    if (typeof name !== "string") throw unreadable("a file has no name");
    return name;
  });
}

function unreadable(problem: string) {
  const call = "the pull request's file list";
  return fail("AR_GITHUB_REPLY_UNREADABLE", { call, problem });
}
