import { isAppComment } from "../github/app-user.js";
import { readCommentKey, readCommentText } from "../github/markers.js";
import { formatInquiryId } from "./ids.js";
import type { CommentData, RunIssue } from "./runs.js";
import type { StepRow } from "./status-table.js";

/** An inquiry as its run's issue shows it. */
export interface InquiryView {
  /** `owner/name#<issue>/<task>` */
  id: string;
  /** The comment that asked it; also accepted as its id. */
  commentId: number;
  issue: number;
  run: number;
  workflow: string;
  task: string;
  /** `ask` is answered by a comment; `factor` on the Duo form. */
  kind: "ask" | "factor";
  /** The step's status in the table: paused while it waits. */
  status: string;
  open: boolean;
  askedAt: string;
  url: string;
  /** The comment's text, without the app's hidden markers. */
  text: string;
}

const stepKey = /^step-(\d+)\/(inquiry|duo-link-[\w-]+)$/;
const taskInText = /\(task `([^`]+)`\)/;

/**
 * The inquiries of a run: each comment the app posted to ask one (only
 * comments by `appLogin`, with the key on their last line, so a person
 * cannot forge one), matched in order with its task's rows of the table.
 */
export function inquiriesOf(
  slug: string,
  run: RunIssue,
  comments: CommentData[],
  appLogin: string,
): InquiryView[] {
  const asked = firstPerStep(comments, appLogin);
  const seen = new Map<string, number>();
  return asked.map(({ comment, kind, task }) => {
    const nth = seen.get(task) ?? 0;
    seen.set(task, nth + 1);
    const row = rowsOf(run.steps, task)[nth];
    const status = row?.status ?? "unknown";
    return {
      id: formatInquiryId(slug, run.number, task),
      commentId: comment.id,
      issue: run.number,
      run: run.run.run,
      workflow: run.run.workflow,
      task,
      kind,
      status,
      open: status === "paused" && run.state === "open",
      askedAt: comment.created_at,
      url: comment.html_url,
      text: readCommentText(comment.body ?? ""),
    };
  });
}

interface Asked {
  comment: CommentData;
  kind: "ask" | "factor";
  task: string;
}

/** The first asking comment of each step (a factor posts one per person). */
function firstPerStep(comments: CommentData[], appLogin: string): Asked[] {
  const steps = new Set<string>();
  return comments.flatMap((comment) => {
    if (!isAppComment(comment, appLogin)) return [];
    const body = comment.body ?? "";
    const key = stepKey.exec(readCommentKey(body) ?? "");
    const task = taskInText.exec(body)?.[1];
    if (!key || !task || steps.has(key[1]!)) return [];
    steps.add(key[1]!);
    const kind = key[2] === "inquiry" ? "ask" : "factor";
    return [{ comment, kind, task } as Asked];
  });
}

function rowsOf(steps: StepRow[], task: string): StepRow[] {
  return steps.filter((step) => step.task === task);
}
