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

const stepMarker =
  /<!-- approval-runner:step-(\d+)\/(inquiry|duo-link-[\w-]+) -->/;
const taskInText = /\(task `([^`]+)`\)/;

/**
 * The inquiries of a run: each comment the app posted to ask one (only
 * comments by a bot count, so a person cannot forge one), matched in order
 * with its task's rows of the status table.
 */
export function inquiriesOf(
  slug: string,
  run: RunIssue,
  comments: CommentData[],
): InquiryView[] {
  const asked = firstPerStep(comments);
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
      text: stripMarkers(comment.body ?? ""),
    };
  });
}

interface Asked {
  comment: CommentData;
  kind: "ask" | "factor";
  task: string;
}

/** The first asking comment of each step (a factor posts one per person). */
function firstPerStep(comments: CommentData[]): Asked[] {
  const steps = new Set<string>();
  return comments.flatMap((comment) => {
    const body = comment.body ?? "";
    const marker = stepMarker.exec(body);
    const task = taskInText.exec(body)?.[1];
    if (comment.user?.type !== "Bot" || !marker || !task) return [];
    if (steps.has(marker[1]!)) return [];
    steps.add(marker[1]!);
    const kind = marker[2] === "inquiry" ? "ask" : "factor";
    return [{ comment, kind, task } as Asked];
  });
}

function rowsOf(steps: StepRow[], task: string): StepRow[] {
  return steps.filter((step) => step.task === task);
}

/** A body without the app's hidden `<!-- approval-runner…: … -->` markers. */
export function stripMarkers(body: string): string {
  return body.replace(/\s*<!-- approval-runner[\w-]*:[\s\S]*? -->/g, "").trim();
}
