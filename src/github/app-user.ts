import type { Octokit } from "./octokit.js";

/** A comment's author, as GitHub lists it. */
export interface CommentAuthor {
  login: string;
  type?: string;
}

const logins = new Map<string, Promise<string>>();

/**
 * The login the app comments as, `<slug>[bot]`, asked of GitHub (`GET
 * /app`, which Octokit signs as the app) once per API; a failed ask is
 * asked again the next time.
 */
export function appLogin(octokit: Octokit): Promise<string> {
  const api = String(octokit.request.endpoint.DEFAULTS.baseUrl);
  let login = logins.get(api);
  if (!login) {
    login = askLogin(octokit);
    logins.set(api, login);
    login.catch(() => logins.delete(api));
  }
  return login;
}

async function askLogin(octokit: Octokit): Promise<string> {
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (!data?.slug) throw new Error("GitHub did not name the app's slug");
  return `${data.slug}[bot]`;
}

/**
 * Whether a comment is the app's own: written by the app's bot user. A
 * marker in the text proves nothing, since anyone can type one, and
 * neither does a bot author alone, since other apps post too.
 */
export function isAppComment(
  comment: { user?: CommentAuthor | null },
  login: string,
): boolean {
  return comment.user?.type === "Bot" && comment.user.login === login;
}
