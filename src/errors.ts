import { code } from "./markdown.js";

/**
 * The catalog of errors people can see. Each has a stable code and a message
 * that names the offending value, the target, and what is expected instead.
 * Call sites construct errors through `fail(code, details)` only.
 */
export const catalog = {
  AR_CONFIG_INVALID: (d: { path: string; problem: string }) =>
    `Operator config ${d.path} is invalid: ${d.problem}.`,
  AR_CONFIG_MISSING: (d: { name: string; hint: string }) =>
    `Operator config lacks ${d.name}: ${d.hint}.`,
  AR_SETTINGS_INVALID: (d: { repo: string; problems: string }) =>
    `The settings in .github/approval-runner.yml of ${d.repo} on the default branch are invalid, so nothing was run:\n${d.problems}`,
  AR_WORKFLOW_NOT_FOUND: (d: {
    workflow: string;
    repo: string;
    known: string;
  }) =>
    `Workflow ${code(d.workflow)} was not found in ${d.repo} on the default branch (${code(`workflows/${d.workflow}.yaml`)}). Known workflows: ${d.known}.`,
  AR_WORKFLOW_INVALID: (d: { workflow: string; problems: string }) =>
    `Workflow ${code(d.workflow)} on the default branch is invalid, so nothing was run:\n${d.problems}`,
  AR_CHECK_NOT_RUN: (d: { what: string; why: string }) =>
    `The app could not ${d.what} (${d.why}), so the workflows of this pull request were not checked. Press "Re-run" on this check, or push a new commit, to check them again.`,
  AR_CHECK_NOT_HEAD: (d: { sha: string; where: string }) =>
    `Commit ${code(d.sha)} is not the head of an open pull request in ${d.where}, so its workflows were not checked again. The head of each open pull request has a check of its own; re-run that one.`,
  AR_GITHUB_REPLY_UNREADABLE: (d: { call: string; problem: string }) =>
    `GitHub's answer to ${d.call} could not be read: ${d.problem}.`,
  AR_EXPRESSION_SYNTAX: (d: {
    found: string;
    column: number;
    expected: string;
  }) => `unexpected ${d.found} at column ${d.column}; expected ${d.expected}`,
  AR_EXPRESSION_LIMIT: (d: { measure: string; limit: string }) =>
    `the expression ${d.measure}; the limit is ${d.limit}`,
  AR_EXPRESSION_UNDEFINED: (d: { name: string; known: string }) =>
    `${code(d.name)} is not defined; ctx() holds ${d.known}`,
  AR_EXPRESSION_TYPE: (d: {
    operator: string;
    found: string;
    expected: string;
  }) => `${code(d.operator)} cannot take ${d.found}; expected ${d.expected}`,
  AR_EXPRESSION_CONTEXT: (d: { name: string }) =>
    `\`${d.name}()\` is only available in a task's \`next\` (when and publish)`,
  AR_REQUEST_SYNTAX: (d: { problem: string }) =>
    `The request could not be read: ${d.problem}. Expected \`/run <workflow> key=value …\`.`,
  AR_REQUEST_NOT_ALLOWED: (d: {
    login: string;
    workflow: string;
    allowed: string;
  }) =>
    `@${d.login} may not request workflow ${code(d.workflow)}, so nothing was run. Who may request it: ${d.allowed}.`,
  AR_REQUEST_RUN_EXISTS: (d: { run: string }) =>
    `This issue already holds ${d.run}, and one issue records one run, so nothing new was started. Open a new issue to request another run.`,
  AR_REQUEST_ON_PULL: (_: Record<string, never>) =>
    "Runs are requested in issues, not in pull requests: only what the default branch holds ever runs. Open an issue with `/run <workflow> key=value …`; nothing was run.",
  AR_REQUEST_PAYLOAD: (d: { problem: string }) =>
    `The repository_dispatch request could not be read: ${d.problem}. Expected event type \`approval-runner.run\` with client_payload \`{"workflow": "<name>", "input": {…}}\`; nothing was run.`,
  AR_REQUEST_FORM: (d: { problem: string }) =>
    `The issue form could not be read: ${d.problem}. Regenerate the form with \`approval-runner forms\`, or request with \`/run <workflow> key=value …\`; nothing was run.`,
  AR_INPUT_INVALID: (d: { workflow: string; problems: string }) =>
    `The input for workflow ${code(d.workflow)} is invalid, so nothing was run:\n${d.problems}`,
  AR_REPLY_UNREADABLE: (d: { problem: string; expected: string }) =>
    `Your reply could not be read: ${d.problem}. Expected ${d.expected}.`,
  AR_REPLY_AMBIGUOUS: (d: { problem: string }) =>
    `Your reply could be read more than one way: ${d.problem}. It counts for nothing; reply again with exactly one fenced \`\`\`yaml block or one shorthand, as the inquiry shows them.`,
  AR_REPLY_INVALID: (d: { task: string; problems: string }) =>
    `Your reply to ${code(d.task)} does not match its schema; the inquiry is still open:\n${d.problems}`,
  AR_REPLY_VALUE_NUL: (d: { task: string; problems: string }) =>
    `Your reply to ${code(d.task)} cannot be taken; the inquiry is still open:\n${d.problems}`,
  AR_REPLY_NOT_ALLOWED: (d: { login: string; task: string; allowed: string }) =>
    `@${d.login} may not answer ${code(d.task)}; this answer counts for nothing. Who may answer: ${d.allowed}.`,
  AR_REPLY_CLOSED: (d: { login: string; why: string }) =>
    `@${d.login}: ${d.why}, so this reply changes nothing.`,
  AR_REPLY_REPEATED: (d: { login: string; task: string }) =>
    `@${d.login} already answered ${code(d.task)}; one person counts once, and the first answer stands.`,
  AR_COMMAND_NOT_ALLOWED: (d: {
    login: string;
    command: string;
    who: string;
  }) =>
    `@${d.login} may not \`/${d.command}\` this run; only ${d.who} may. Nothing changed.`,
  AR_COMMAND_NOT_APPLICABLE: (d: {
    command: string;
    run: number;
    status: string;
    expected: string;
  }) =>
    `\`/${d.command}\` does not apply: run ${d.run} is ${d.status}, and \`/${d.command}\` applies only to ${d.expected}. Nothing changed.`,
  AR_RUN_ROUTE_FAILED: (d: { task: string; problem: string }) =>
    `Task ${code(d.task)} finished, but its \`next\` could not be evaluated: ${d.problem}. The run stops here and ends failed; fix the expression in the workflow.`,
  AR_RUN_TASK_FAILED: (d: { task: string; action: string; problem: string }) =>
    `Task ${code(d.task)} (${code(d.action)}) failed: ${d.problem}`,
  AR_RUN_STEP_LIMIT: (d: { limit: number; task: string }) =>
    `The run took ${d.limit} steps, the most one run may take, so task ${code(d.task)} did not start and the run ends failed. A loop in the workflow probably never takes its exit: check the conditions meant to leave it.`,
  AR_ACTION_INPUT_INVALID: (d: { action: string; problems: string }) =>
    `its input, as rendered for this run, does not fit ${code(d.action)}, so nothing was executed: ${d.problems}. Fix the workflow, or the values it was given`,
  AR_HOST_UNKNOWN: (d: { alias: string; known: string }) =>
    `Host alias ${code(d.alias)} is not in the operator's inventory. Known aliases: ${d.known}.`,
  AR_HOST_KEY_MISMATCH: (d: {
    alias: string;
    expected: string;
    presented: string;
  }) =>
    `Host ${code(d.alias)} presented host key ${d.presented}, but the inventory pins ${d.expected}; nothing was executed.`,
  AR_SSH_CONNECT: (d: { alias: string; problem: string }) =>
    `Could not connect to host ${code(d.alias)}: ${d.problem}; nothing was executed.`,
  AR_SSH_EXEC: (d: { alias: string; problem: string }) =>
    `The command on host ${code(d.alias)} did not complete: ${d.problem}; it may or may not have run, so check the host before trying again.`,
  AR_SSH_TIMEOUT: (d: { alias: string; seconds: number }) =>
    `The command on host ${code(d.alias)} did not finish within ${d.seconds} s, so its channel was closed; it may still be running there. Check the host, or raise the timeout.`,
  AR_SSH_VALUE_NUL: (d: { preview: string }) =>
    `The value ${code(d.preview)} contains a NUL character, which no command line can carry; remove it.`,
  AR_SSH_VALUE_QUOTED: (d: {
    task: string;
    expression: string;
    place: string;
  }) =>
    `In the command of task ${code(d.task)}, ${code(`{{ ${d.expression} }}`)} stands ${d.place}, so a value there could run as a command. Write the expression bare, e.g. \`systemctl restart {{ ctx().service }}\`; the app quotes each value as one argument.`,
  AR_SSH_VALUE_PROGRAM: (d: { task: string; expression: string }) =>
    `In the command of task ${code(d.task)}, ${code(`{{ ${d.expression} }}`)} stands where the shell reads the name of a program: an expression may not choose the program to run; name the program in the workflow and pass the value as an argument, e.g. \`systemctl restart {{ ctx().service }}\`.`,
  AR_DUO_UNAVAILABLE: (d: { problem: string }) =>
    `Duo could not be reached (${d.problem}); the factor is refused. Try again in a moment.`,
  AR_DUO_TIMEOUT: (d: { endpoint: string; ms: number }) =>
    `Duo did not answer ${d.endpoint} within ${d.ms} ms, so the factor is refused. Try again in a moment.`,
  AR_DUO_RATE_LIMITED: (d: { endpoint: string }) =>
    `Duo is limiting requests (HTTP 429 on ${d.endpoint}, again after one retry), so the factor is refused. Try again in a minute.`,
  AR_DUO_BAD_REPLY: (d: { endpoint: string; problem: string }) =>
    `Duo's answer to ${d.endpoint} could not be read (${d.problem}), so the factor is refused. Try again in a moment; if it keeps happening, the operator should check the Duo API hostname.`,
  AR_DUO_REQUEST_REFUSED: (d: {
    endpoint: string;
    status: number;
    code: string;
    message: string;
    hint: string;
  }) =>
    `Duo refused the app's request to ${d.endpoint} (HTTP ${d.status}, Duo code ${d.code}: ${d.message}), so the factor is refused. ${d.hint}`,
  AR_DUO_NO_CONFIRMERS: (d: { task: string; ask: string }) =>
    `Task ${code(d.task)} (duo.auth) has nobody to confirm: the inquiry ${code(d.ask)} it confirms recorded no answers. Put a core.ask with approvers before it, or name one in \`for\`.`,
  AR_FORM_NOT_FOUND: (_: Record<string, never>) =>
    "This link is not valid. Use the newest link the app posted for you on the run's issue.",
  AR_FORM_EXPIRED: (d: { at: string }) =>
    `This link expired at ${d.at}. Comment \`/duo\` on the run's issue for a new one.`,
  AR_FORM_USED: (_: Record<string, never>) =>
    "This link was already used to confirm; it works only once.",
  AR_FORM_REPLACED: (_: Record<string, never>) =>
    "This link was replaced by a newer one. Use the newest link the app posted for you on the run's issue.",
  AR_FORM_LOCKED: (d: { failures: number }) =>
    `This link was refused ${d.failures} times and no longer works. Comment \`/duo\` on the run's issue for a new one.`,
  AR_FORM_CLOSED: (d: { run: number; status: string }) =>
    `Run ${d.run} no longer waits for this confirmation (it is ${d.status}); nothing was sent to Duo.`,
  AR_FORM_CSRF: (_: Record<string, never>) =>
    "This form was not sent from the page the app served, or that page is out of date, so nothing was checked. Open your link again and send the form from there.",
  AR_FORM_RATE_LIMITED: (d: { seconds: number }) =>
    `Too many requests from your address; nothing was checked. Try again in ${d.seconds} s.`,
  AR_FORM_BUSY: (_: Record<string, never>) =>
    "An earlier attempt with this link is still being checked with Duo. Wait for it, then open your link again.",
  AR_FORM_PASSCODE_FORMAT: (_: Record<string, never>) =>
    "A Duo passcode is 6 to 10 digits; nothing was sent to Duo. Type the digits only.",
  AR_FORM_FACTOR_NOT_ALLOWED: (d: { factor: string; allowed: string }) =>
    `This step does not take a ${d.factor}; it takes ${d.allowed}. Nothing was sent to Duo.`,
  AR_FORM_BODY: (d: { problem: string }) =>
    `The form could not be read: ${d.problem}. Send it from the page the app served.`,
  AR_FORM_NOT_CONFIGURED: (_: Record<string, never>) =>
    "Duo is not configured on this server, so no factor can be confirmed. Tell the operator.",
  AR_CLI_OPTION: (d: { option: string; value: string; expected: string }) =>
    `Option ${d.option} got ${d.value}; expected ${d.expected}.`,
  AR_CLI_GITHUB: (d: { doing: string; status: string; hint: string }) =>
    `GitHub answered ${d.status} while ${d.doing}. ${d.hint}`,
  AR_CLI_NOT_FOUND: (d: { what: string; id: string; hint: string }) =>
    `There is no ${d.what} ${d.id}. ${d.hint}`,
  AR_CLI_INQUIRY_CLOSED: (d: { id: string; status: string }) =>
    `Inquiry ${d.id} is not waiting for an answer (its task is ${d.status}); nothing was posted.`,
  AR_CLI_INQUIRY_FACTOR: (d: { id: string }) =>
    `Inquiry ${d.id} is a Duo confirmation, which is answered on the personal link the app posted on the issue, never by a comment; nothing was posted.`,
  AR_CLI_NO_RESPONSE: (_: Record<string, never>) =>
    "No response was given and there is no terminal to ask on: pass --response '<json>' or -f <file>; nothing was posted.",
  AR_CLI_CANCELLED: (_: Record<string, never>) =>
    "Input ended before the response was complete; nothing was posted.",
  AR_CLI_RESPONSE_UNREADABLE: (d: { source: string; problem: string }) =>
    `The response from ${d.source} could not be read: ${d.problem}. Give a JSON or YAML mapping of field names to values; nothing was posted.`,
  AR_CLI_SCHEMA_UNAVAILABLE: (d: { id: string; problem: string }) =>
    `The schema of inquiry ${d.id} could not be read from its workflow: ${d.problem}. Pass the whole answer with --response instead.`,
  AR_CLI_NO_WORKFLOWS: (d: { dir: string }) =>
    `${d.dir} holds no workflows: expected workflows/*.yaml, a StackStorm pack (actions/*.yaml), or workflow files directly in it.`,
  AR_STANDIN_SPEC: (d: { method: string; path: string; problem: string }) =>
    `GitHub stand-in: ${d.method} ${d.path} breaks GitHub's OpenAPI description: ${d.problem}.`,
  AR_STANDIN_UNKNOWN: (d: { kind: string; name: string; known: string }) =>
    `GitHub stand-in has no ${d.kind} ${code(d.name)}; add it first. Known: ${d.known}.`,
  AR_STANDIN_USAGE: (d: { call: string; problem: string }) =>
    `GitHub stand-in: ${d.call} cannot be done: ${d.problem}.`,
} as const;

export type ErrorCode = keyof typeof catalog;
type DetailsOf<C extends ErrorCode> = Parameters<(typeof catalog)[C]>[0];

/** An error whose message is written for people and safe to show them. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Builds the catalog error `code` from its details. */
export function fail<C extends ErrorCode>(
  code: C,
  details: DetailsOf<C>,
  options?: { cause?: unknown },
): AppError {
  const template = catalog[code] as (d: DetailsOf<C>) => string;
  return new AppError(code, template(details), options);
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
