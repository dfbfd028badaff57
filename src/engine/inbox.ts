import { type AppError, fail } from "../errors.js";
import { withCode } from "../github/markers.js";
import type { Thread } from "../github/thread.js";
import type { Store } from "../store/store.js";
import type { InboxRecord, InquiryRecord, RunRecord } from "../store/types.js";
import {
  type Answer,
  describeVerdict,
  judgeAnswer,
  recordAnswer,
  sha256,
} from "./answer.js";
import type { Person } from "./approvers.js";
import { runCommand } from "./commands.js";
import { expireOverdue } from "./lifecycle.js";
import type { Reply } from "./reply.js";
import type { Runner } from "./runner.js";

/** A reply worth reading: a command, an answer, or a broken answer. */
export type ReadReply = Exclude<Reply, { kind: "none" }>;

/** What the inbox keeps of a reply until its run takes it up. */
export interface InboxReply {
  person: Person;
  commentId: number;
  /** sha256 of the body as it arrived; later edits change nothing. */
  bodyHash: string;
  reply: ReadReply;
  /** The inquiry that was open when the reply arrived, if one was. */
  openInquiryId: number | null;
  /** How many inquiries the run had asked by then. */
  asked: number;
}

/** Tries per reply before it is dropped (and logged). */
const maxAttempts = 3;

export interface IncomingReply {
  run: RunRecord;
  person: Person;
  comment: { id: number; body: string };
  reply: ReadReply;
  deliveryId: string;
}

/**
 * Stores a reply for its run, once per webhook delivery, and schedules
 * it. The webhook is answered once it is stored; the run takes replies up
 * in order, between its own steps, so one that arrives while the run is
 * still pausing is applied once it has paused.
 */
export function receiveReply(runner: Runner, incoming: IncomingReply): void {
  const { store, log } = runner.services;
  const { run } = incoming;
  const stored = store.transaction(() => {
    if (!store.recordDelivery(incoming.deliveryId, "reply")) return false;
    const asks = store.inquiries
      .list({ runId: run.id })
      .filter((i) => i.kind === "ask");
    const data: InboxReply = {
      person: incoming.person,
      commentId: incoming.comment.id,
      bodyHash: sha256(incoming.comment.body),
      reply: incoming.reply,
      openInquiryId: asks.find((i) => i.status === "open")?.id ?? null,
      asked: asks.length,
    };
    return store.inbox.add({
      deliveryId: incoming.deliveryId,
      runId: run.id,
      data: data as unknown as Record<string, unknown>,
    });
  });
  if (!stored) {
    log.info({ deliveryId: incoming.deliveryId }, "reply seen before");
    return;
  }
  void runner
    .enqueue(run.id, (thread) => processInbox(runner, run.id, thread))
    .catch((err: unknown) => log.error({ err, runId: run.id }, "inbox failed"));
}

/** Takes up a run's waiting replies in the order they arrived. */
export async function processInbox(
  runner: Runner,
  runId: number,
  thread: Thread,
): Promise<void> {
  const { store, log } = runner.services;
  for (const entry of store.inbox.ofRun(runId)) {
    try {
      await takeUp(runner, thread, entry);
    } catch (err) {
      const attempts = store.inbox.strike(entry.id);
      log.error({ err, runId, attempts }, "reply not handled");
      if (attempts < maxAttempts) return;
      store.inbox.remove(entry.id);
    }
  }
}

async function takeUp(runner: Runner, thread: Thread, entry: InboxRecord) {
  const { store } = runner.services;
  const data = entry.data as unknown as InboxReply;
  // A reply that came after the deadline finds the run expired, as it
  // would had the sweep come round first; one that came in time counts.
  await expireOverdue(runner, thread, entry.runId, entry.at);
  const run = store.runs.get(entry.runId)!;
  const { reply, person } = data;
  if (reply.kind === "command") {
    return runCommand({
      runner,
      thread,
      run,
      person,
      name: reply.name,
      commentId: data.commentId,
      entryId: entry.id,
    });
  }
  const inquiry = targetOf(store, run, data);
  if (!inquiry) {
    const why = whyClosed(store, run, data);
    return refuse(runner, thread, entry, data, fail("AR_REPLY_CLOSED", why));
  }
  if (reply.kind === "error") {
    return refuse(runner, thread, entry, data, unreadable(reply));
  }
  const answer: Answer = {
    run,
    inquiry,
    person,
    commentId: data.commentId,
    bodyHash: data.bodyHash,
    value: reply.value,
  };
  const refusal = await judgeAnswer(answer, thread.octokit);
  if (refusal) return refuse(runner, thread, entry, data, refusal);
  await record(runner, thread, entry, answer);
}

async function record(
  runner: Runner,
  thread: Thread,
  entry: InboxRecord,
  answer: Answer,
): Promise<void> {
  const { store, log } = runner.services;
  const verdict = store.transaction(() => {
    store.inbox.remove(entry.id);
    const v = recordAnswer(runner, answer);
    const text = describeVerdict(answer, v);
    const code =
      v.kind === "closed"
        ? "AR_REPLY_CLOSED"
        : v.kind === "again"
          ? "AR_REPLY_REPEATED"
          : undefined;
    thread.defer(keyOf(answer.commentId), withCode(text, code));
    return v;
  });
  log.info(
    { runId: answer.run.id, login: answer.person.login, verdict: verdict.kind },
    "answer taken up",
  );
  await thread.flush();
  if (verdict.kind === "decided") void runner.kick(answer.run.id);
  else if (verdict.kind === "counted") await runner.sync(answer.run.id, thread);
}

function unreadable(reply: Extract<Reply, { kind: "error" }>): AppError {
  if (reply.ambiguous) {
    return fail("AR_REPLY_AMBIGUOUS", { problem: reply.problem });
  }
  return fail("AR_REPLY_UNREADABLE", {
    problem: reply.problem,
    expected:
      "a fenced ```yaml block with the fields the inquiry shows, or one of its shorthands",
  });
}

/** The open inquiry this reply answers, if it answers one. */
function targetOf(
  store: Store,
  run: RunRecord,
  data: InboxReply,
): InquiryRecord | undefined {
  const asks = store.inquiries
    .list({ runId: run.id })
    .filter((i) => i.kind === "ask");
  const open = asks.find((i) => i.status === "open");
  if (!open) return undefined;
  if (open.id === data.openInquiryId) return open;
  // Sent before any question was asked: it answers the first one only.
  return data.openInquiryId === null && data.asked === 0 && open === asks[0]
    ? open
    : undefined;
}

function whyClosed(store: Store, run: RunRecord, data: InboxReply) {
  const login = data.person.login;
  const was =
    data.openInquiryId === null
      ? undefined
      : store.inquiries.get(data.openInquiryId);
  if (was) {
    return { login, why: `the inquiry \`${was.task}\` is ${was.status} now` };
  }
  const open = store.inquiries
    .list({ runId: run.id, status: "open" })
    .find((i) => i.kind === "ask");
  if (open) {
    const why = `no inquiry was open when this reply arrived; \`${open.task}\` opened after it, so reply again to answer it`;
    return { login, why };
  }
  return {
    login,
    why: `run ${run.id} is ${run.status} and waits for no answer`,
  };
}

/** Answers a reply that changes nothing; the store keeps no trace of it. */
async function refuse(
  runner: Runner,
  thread: Thread,
  entry: InboxRecord,
  data: InboxReply,
  err: AppError,
): Promise<void> {
  const { store, log } = runner.services;
  log.info(
    { runId: entry.runId, login: data.person.login, code: err.code },
    "reply refused",
  );
  store.transaction(() => {
    store.inbox.remove(entry.id);
    thread.defer(keyOf(data.commentId), withCode(err.message, err.code));
  });
  await thread.flush();
}

function keyOf(commentId: number): string {
  return `answer-${commentId}`;
}
