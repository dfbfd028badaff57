import type { Logger } from "pino";
import type { Store } from "../store/store.js";
import { commentMarker, hasMarker } from "./markers.js";
import { type IssueRef, mayHaveActed, type Octokit } from "./octokit.js";

/** GitHub's limit on a comment or issue body. */
export const maxBodyChars = 65_536;

export interface ThreadOptions {
  octokit: Octokit;
  store: Store;
  issue: IssueRef;
  runId: number;
  log: Logger;
}

/**
 * The writes the app makes to one issue. Each comment has a key; a comment
 * whose key was posted before is not posted again, and a post that failed
 * after GitHub may have acted is looked up before it is repeated.
 */
export class Thread {
  constructor(private readonly options: ThreadOptions) {}

  get issue(): IssueRef {
    return this.options.issue;
  }

  async comment(key: string, body: string): Promise<number> {
    const { store, runId } = this.options;
    const effectKey = this.effectKey(key);
    const done = store.getEffect(effectKey);
    if (done?.state === "done") return Number(done.result);
    if (done?.state === "intent") {
      const found = await this.findComment(key);
      if (found) return this.remember(effectKey, found);
    }
    store.setEffect(effectKey, runId, "intent");
    const id = await this.post(key, body);
    return this.remember(effectKey, id);
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
    const { owner, repo, issueNumber } = this.options.issue;
    await this.options.octokit.rest.issues.update({
      owner,
      repo,
      issue_number: issueNumber,
      body: fit(body),
    });
  }

  /** Shows `label` and takes off any of `others` the issue carries. */
  async setLabel(label: string, others: readonly string[]): Promise<void> {
    const { octokit, issue } = this.options;
    const where = {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
    };
    const { data } = await octokit.rest.issues.get(where);
    const present = data.labels.map((l) =>
      typeof l === "string" ? l : l.name,
    );
    if (!present.includes(label)) {
      await octokit.rest.issues.addLabels({ ...where, labels: [label] });
    }
    for (const old of others.filter(
      (o) => o !== label && present.includes(o),
    )) {
      await octokit.rest.issues.removeLabel({ ...where, name: old });
    }
  }

  async close(reason: "completed" | "not_planned"): Promise<void> {
    const { owner, repo, issueNumber } = this.options.issue;
    await this.options.octokit.rest.issues.update({
      owner,
      repo,
      issue_number: issueNumber,
      state: "closed",
      state_reason: reason,
    });
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

  private async findComment(key: string): Promise<number | undefined> {
    const { octokit, issue } = this.options;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
      per_page: 100,
    });
    return comments.find((c) => hasMarker(c.body ?? "", key))?.id;
  }

  private remember(effectKey: string, id: number): number {
    this.options.store.setEffect(effectKey, this.options.runId, "done", id);
    return id;
  }

  private effectKey(key: string): string {
    const { owner, repo, issueNumber } = this.options.issue;
    return `${owner}/${repo}#${issueNumber}/${key}`;
  }
}

/** Cuts text to GitHub's limit, leaving `reserve` characters spare. */
export function fit(text: string, reserve = 0): string {
  const limit = maxBodyChars - reserve;
  if (text.length <= limit) return text;
  const note = "\n\n… (cut to fit GitHub's comment limit)";
  return text.slice(0, limit - note.length) + note;
}
