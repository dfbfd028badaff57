import { fail } from "../errors.js";
import { type AppOptions, appLoginOf } from "./app-option.js";
import {
  ask,
  connect,
  type GitHubOptions,
  type RepoClient,
} from "./github-client.js";
import type { InquiryRef } from "./ids.js";
import { type InquiryView, inquiriesOf } from "./inquiries.js";
import type { CliIo } from "./io.js";
import { getRunIssue, listComments, type RunIssue } from "./runs.js";

export interface FoundInquiry {
  client: RepoClient;
  run: RunIssue;
  inquiry: InquiryView;
  /** The login whose comments are the app's, `<slug>[bot]`. */
  appLogin: string;
}

/** The inquiry an id names, read from its run's issue on GitHub. */
export async function findInquiry(
  options: GitHubOptions & AppOptions,
  ref: InquiryRef,
  io: CliIo,
): Promise<FoundInquiry> {
  const appLogin = appLoginOf(options, io.env);
  const repo = ref.kind === "task" ? (ref.repo ?? options.repo) : options.repo;
  const client = connect({ ...options, ...(repo ? { repo } : {}) }, io);
  const issue =
    ref.kind === "task" ? ref.issue : await issueOfComment(client, ref);
  const run = await getRunIssue(client, issue);
  const comments = await listComments(client, issue);
  const all = inquiriesOf(client.slug, run, comments, appLogin);
  const inquiry =
    ref.kind === "task"
      ? all.filter((i) => i.task === ref.task).at(-1)
      : all.find((i) => i.commentId === ref.commentId);
  if (inquiry) return { client, run, inquiry, appLogin };
  const shown =
    ref.kind === "task"
      ? `${client.slug}#${issue}/${ref.task}`
      : `asked by comment ${ref.commentId}`;
  const known = all.map((i) => i.id).join(", ") || "none";
  throw fail("AR_CLI_NOT_FOUND", {
    what: "inquiry",
    id: shown,
    hint: `Inquiries of run ${run.run.run} on ${client.slug}#${issue}: ${known}.`,
  });
}

async function issueOfComment(
  client: RepoClient,
  ref: { commentId: number },
): Promise<number> {
  const { octokit, owner, repo, slug } = client;
  const { data } = await ask(
    `reading comment ${ref.commentId} of ${slug}`,
    () =>
      octokit.rest.issues.getComment({
        owner,
        repo,
        comment_id: ref.commentId,
      }),
  );
  return Number(data.issue_url.split("/").at(-1));
}
