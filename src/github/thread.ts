import type { Logger } from "pino";
import type { Store } from "../store/store.js";
import { appLogin, isAppComment } from "./app-user.js";
import { commentMarker, readCommentKey } from "./markers.js";
import {
  type IssueRef,
  mayHaveActed,
  type Octokit,
  statusOf,
} from "./octokit.js";

/** GitHub's limit on a comment or issue body. */
export const maxBodyChars = 65_536;

/** A comment to post: its key (unique in the thread) and its text. */
export interface Outgoing {
  key: string;
  body: string;
}

export interface ThreadOptions {
  octokit: Octokit;
  store: Store;
  issue: IssueRef;
  runId: number;
  log: Logger;
  /** When set, comments are collected here instead of being posted. */
  outbox?: Outgoing[];
}

/** What the issue should show once a change of the run is written. */
export interface IssueState {
  body: string;
  label: string;
  /** Labels of other statuses, taken off when present. */
  others: readonly string[];
  /**
   * The status label the app set last: null when it set none yet,
   * undefined when it does not know (then the issue is read first).
   */
  previous?: string | null;
  close?: "completed" | "not_planned";
}

/**
 * The writes the app makes to one issue. Each comment has a key; a comment
 * whose key was posted before is not posted again, and a post that failed
 * after GitHub may have acted is looked up before it is repeated. Comments
 * can be stored first (`defer`, inside a store transaction) and posted
 * later (`flush`), so a crash between the two loses none and repeats none.
 */
export class Thread {
  constructor(private readonly options: ThreadOptions) {}

  get issue(): IssueRef {
    return this.options.issue;
  }

  get octokit(): Octokit {
    return this.options.octokit;
  }

  /** A thread whose comments are kept in `outbox`, not posted. */
  collecting(outbox: Outgoing[]): Thread {
    return new Thread({ ...this.options, outbox });
  }

  /** Posts a comment once per key; 0 when it was only collected. */
  async comment(key: string, body: string): Promise<number> {
    if (this.options.outbox) {
      this.options.outbox.push({ key, body });
      return 0;
    }
    await this.flush();
    // The text is not stored: a comment posted at once may carry what
    // the store must never hold (a form link's token).
    return this.postOnce(key, body, false);
  }

  /** Stores a comment to post with the next `flush`; synchronous. */
  defer(key: string, body: string): void {
    const { store, issue, runId } = this.options;
    deferComment(store, { issue, runId }, key, body);
  }

  /** Posts, in order, every stored comment not yet known to be posted. */
  async flush(): Promise<void> {
    const { store, runId } = this.options;
    if (runId <= 0) return;
    const prefix = this.effectKey("");
    for (const effect of store.effects.ofRun(runId, ["pending", "intent"])) {
      if (!effect.key.startsWith(prefix)) continue;
      const body = (effect.result as { body?: unknown } | null)?.body;
      const key = effect.key.slice(prefix.length);
      if (typeof body === "string") await this.postOnce(key, body, true);
    }
  }

  /**
   * Makes the issue show `want`: body and state in one update, then the
   * status label. The labels are read only when the last one the app set
   * is not known.
   */
  async sync(want: IssueState): Promise<void> {
    const { octokit } = this.options;
    const where = this.where();
    await octokit.rest.issues.update({
      ...where,
      body: fitBody(want.body),
      ...(want.close ? { state: "closed", state_reason: want.close } : {}),
    });
    if (want.previous === undefined) {
      const { data } = await octokit.rest.issues.get(where);
      const present = data.labels.map((l) =>
        typeof l === "string" ? l : l.name,
      );
      return this.swapLabels(present, want);
    }
    if (want.previous === want.label) return;
    await octokit.rest.issues.addLabels({ ...where, labels: [want.label] });
    if (want.previous) await this.dropLabel(want.previous);
  }

  /** Takes a label off; one that is gone already is fine. */
  private async dropLabel(name: string): Promise<void> {
    const { octokit } = this.options;
    try {
      await octokit.rest.issues.removeLabel({ ...this.where(), name });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }

  async editComment(commentId: number, body: string): Promise<void> {
    const { owner, repo } = this.options.issue;
    await this.options.octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: commentId,
      body: fit(body),
    });
  }

  async setBody(body: string): Promise<void> {
    await this.options.octokit.rest.issues.update({
      ...this.where(),
      body: fitBody(body),
    });
  }

  /** Shows `label` and takes off any of `others` the issue carries. */
  async setLabel(label: string, others: readonly string[]): Promise<void> {
    const { data } = await this.options.octokit.rest.issues.get(this.where());
    const present = data.labels.map((l) =>
      typeof l === "string" ? l : l.name,
    );
    await this.swapLabels(present, { label, others });
  }

  async close(reason: "completed" | "not_planned"): Promise<void> {
    await this.options.octokit.rest.issues.update({
      ...this.where(),
      state: "closed",
      state_reason: reason,
    });
  }

  /** The app's comments in this thread, by key, read from GitHub. */
  async postedKeys(): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const c of await this.appComments()) {
      const key = readCommentKey(c.body ?? "");
      if (key !== undefined && !found.has(key)) found.set(key, c.id);
    }
    return found;
  }

  /** Records that the comment `key` is already on GitHub as `id`. */
  markPosted(key: string, id: number): void {
    this.remember(this.effectKey(key), id);
  }

  private async swapLabels(
    present: (string | undefined)[],
    want: Pick<IssueState, "label" | "others">,
  ): Promise<void> {
    const { octokit } = this.options;
    const where = this.where();
    if (!present.includes(want.label)) {
      await octokit.rest.issues.addLabels({ ...where, labels: [want.label] });
    }
    const stale = want.others.filter(
      (o) => o !== want.label && present.includes(o),
    );
    for (const old of stale) await this.dropLabel(old);
  }

  private async postOnce(
    key: string,
    body: string,
    keepBody: boolean,
  ): Promise<number> {
    const effectKey = this.effectKey(key);
    const done = this.options.store.effects.get(effectKey);
    if (done?.state === "done") return Number(done.result);
    if (done?.state === "intent") {
      const found = await this.findComment(key);
      if (found) return this.remember(effectKey, found);
    }
    const kept = keepBody ? { body } : undefined;
    this.options.store.effects.set(
      effectKey,
      this.options.runId,
      "intent",
      kept,
    );
    const id = await this.post(key, body);
    return this.remember(effectKey, id);
  }

  private async post(key: string, body: string): Promise<number> {
    const { octokit, issue, log } = this.options;
    const full = `${fit(body, 200)}\n\n${commentMarker(key)}`;
    try {
      const { data } = await octokit.rest.issues.createComment({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.issueNumber,
        body: full,
      });
      return data.id;
    } catch (err) {
      if (!mayHaveActed(err)) throw err;
      log.warn({ err, key }, "comment outcome unclear");
      const found = await this.findComment(key);
      if (found) return found;
      throw err;
    }
  }

  /** The app's comment with `key`: only its own counts, never a copy. */
  private async findComment(key: string): Promise<number | undefined> {
    const comments = await this.appComments();
    return comments.find((c) => readCommentKey(c.body ?? "") === key)?.id;
  }

  /** The comments the app's bot user wrote in this thread. */
  private async appComments() {
    const [login, comments] = await Promise.all([
      appLogin(this.options.octokit),
      this.listComments(),
    ]);
    return comments.filter((c) => isAppComment(c, login));
  }

  private listComments() {
    const { octokit, issue } = this.options;
    return octokit.paginate(octokit.rest.issues.listComments, {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
      per_page: 100,
    });
  }

  private remember(effectKey: string, id: number): number {
    this.options.store.effects.set(effectKey, this.options.runId, "done", id);
    return id;
  }

  private where() {
    const { owner, repo, issueNumber } = this.options.issue;
    return { owner, repo, issue_number: issueNumber };
  }

  private effectKey(key: string): string {
    return effectKeyOf(this.options.issue, key);
  }
}

function effectKeyOf(issue: IssueRef, key: string): string {
  return `${issue.owner}/${issue.repo}#${issue.issueNumber}/${key}`;
}

/**
 * Stores a comment for a run's issue, to be posted by the next flush;
 * call it inside the transaction that makes the change it reports. A key
 * already stored (or posted) is left as it is.
 */
export function deferComment(
  store: Store,
  where: { issue: IssueRef; runId: number },
  key: string,
  body: string,
): void {
  const effectKey = effectKeyOf(where.issue, key);
  if (store.effects.get(effectKey)) return;
  store.effects.set(effectKey, where.runId, "pending", { body });
}

/** Cuts text to GitHub's limit, leaving `reserve` characters spare. */
export function fit(text: string, reserve = 0): string {
  const limit = maxBodyChars - reserve;
  if (text.length <= limit) return text;
  const note = "\n\n… (cut to fit GitHub's comment limit)";
  return text.slice(0, limit - note.length) + note;
}

/**
 * Cuts an issue body to GitHub's limit from the top: the request as
 * written goes first, so the status table and its marker stay whole.
 */
export function fitBody(text: string): string {
  if (text.length <= maxBodyChars) return text;
  const note = "… (the request was cut to fit GitHub's limit)\n\n";
  return note + text.slice(text.length - (maxBodyChars - note.length));
}
