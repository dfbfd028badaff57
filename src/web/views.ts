import { describeFactor, isoTime } from "../duo/links.js";
import type { FactorOutcome } from "../duo/verify.js";
import { type AppError, fail } from "../errors.js";
import type { FactorToken } from "../store/factor-tokens.js";
import { type FormFacts, takes } from "./facts.js";
import { type Html, html, page } from "./html.js";

/** A rendered page and the HTTP status it goes out with. */
export interface View {
  status: number;
  body: string;
}

export interface FormView {
  facts: FormFacts;
  token: FactorToken;
  csrf: string;
  /** Shown above the form: why it is shown again. */
  notice?: Html;
}

/** The form: what is being confirmed, then the factor's inputs. */
export function formPage(
  view: FormView,
  status = 200,
  attrs: Record<string, string> = {},
): View {
  const body = html`<h1>Confirm with Duo</h1>
${view.notice ?? html``}
<p>You confirm as <strong>@${view.token.login}</strong>, with ${describeFactor(view.facts.factor)}.</p>
${summary(view.facts, view.token)}
${factorForm(view)}`;
  const data = { state: "form", ...attrs };
  return { status, body: page("Confirm with Duo", body, data) };
}

function summary(facts: FormFacts, token: FactorToken): Html {
  const { run, step } = facts;
  const where = `${run.owner}/${run.repo}#${run.issueNumber}`;
  return html`<dl>
<dt>Run</dt><dd>${where}, run ${run.id}</dd>
<dt>Workflow</dt><dd>${run.workflow}</dd>
<dt>Step</dt><dd>${step.task} (${step.action})</dd>
<dt>Requested by</dt><dd>@${run.requesterLogin}</dd>
<dt>Link expires</dt><dd>${isoTime(token.expiresAt)}</dd>
</dl>
${approves(facts)}`;
}

function approves(facts: FormFacts): Html {
  if (facts.guarded.length === 0) {
    return html`<p>No SSH command follows this step.</p>`;
  }
  const items = facts.guarded.map((g) =>
    g.command === undefined
      ? html`<p>Then task <strong>${g.task}</strong> runs a command that depends on later answers.</p>`
      : html`<p>Then task <strong>${g.task}</strong> runs on <strong>${g.hosts.join(", ")}</strong>:</p>
<pre>${g.command}</pre>`,
  );
  return html`<h2>This approves</h2>${items}`;
}

function factorForm(view: FormView): Html {
  const { facts, csrf } = view;
  const passcode = takes(facts, "passcode")
    ? html`<label for="passcode">Duo passcode</label>
<input id="passcode" name="passcode" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,12}" maxlength="12" required autofocus>
<button type="submit" name="choice" value="passcode">Confirm with passcode</button>`
    : html``;
  const push = takes(facts, "push")
    ? html`<button type="submit" name="choice" value="push" formnovalidate class="${takes(facts, "passcode") ? "second" : ""}">Send me a push</button>`
    : html``;
  return html`<form method="post">
<input type="hidden" name="csrf" value="${csrf}">
${passcode}
${push}
</form>`;
}

/** Duo allowed: the step (or this person's part) is done. */
export function allowedPage(outcome: FactorOutcome, finished: boolean): View {
  const next = finished
    ? "Every confirmation is in; the run goes on. The issue shows what happens next."
    : "Your part is done; the run waits for the other confirmers.";
  const body = html`<h1 class="ok">Confirmed</h1>
<p>Duo <strong>allowed</strong> your ${outcome.factor} at ${isoTime(Date.parse(outcome.at))}.</p>
${said(outcome)}
<p>${next} You can close this page.</p>`;
  return { status: 200, body: page("Confirmed", body, { state: "allowed" }) };
}

/** The notice above a form shown again after Duo denied. */
export function deniedNotice(outcome: FactorOutcome, left: number): Html {
  return html`<p class="bad" data-outcome="denied"><strong>Not confirmed.</strong> Duo denied your ${outcome.factor}.</p>
${said(outcome)}
<p>You may try again: ${left} ${left === 1 ? "try" : "tries"} left with this link.</p>`;
}

/** The notice above a form shown again after Duo gave no answer. */
export function unavailableNotice(err: AppError): Html {
  return html`<p class="bad" data-outcome="unavailable"><strong>Not confirmed: Duo could not be asked.</strong></p>
<p>${err.message}</p>
<p>Nothing was decided and your link still works.</p>
<p class="code">${err.code}</p>`;
}

/** The notice above a form shown again after a refused request. */
export function refusalNotice(err: AppError): Html {
  return html`<p class="bad" data-outcome="refused">${err.message}</p>
<p class="code">${err.code}</p>`;
}

function said(outcome: FactorOutcome): Html {
  return outcome.statusMsg
    ? html`<p>Duo said: “${outcome.statusMsg}”</p>`
    : html``;
}

/** Duo denied, and that was the link's last try. */
export function lockedPage(outcome: FactorOutcome, failures: number): View {
  const err = fail("AR_FORM_LOCKED", { failures });
  const body = html`<h1 class="bad">Not confirmed</h1>
<p>Duo denied your ${outcome.factor}.</p>
${said(outcome)}
<p>${err.message}</p>
<p class="code">${err.code}</p>`;
  const data = { state: "refused", outcome: "denied", code: err.code };
  return { status: 410, body: page("Not confirmed", body, data) };
}

/** A page that refuses, with the error's code for support. */
export function refusalPage(status: number, err: AppError): View {
  const title = titles[status] ?? "Cannot confirm";
  const body = html`<h1 class="bad">${title}</h1>
<p>${err.message}</p>
<p class="code">${err.code}</p>`;
  return {
    status,
    body: page(title, body, { state: "refused", code: err.code }),
  };
}

const titles: Record<number, string> = {
  400: "Not sent",
  403: "Form refused",
  404: "Unknown link",
  405: "Not allowed",
  409: "Still checking",
  410: "Link no longer works",
  413: "Form too large",
  415: "Form refused",
  429: "Too many requests",
  503: "Duo unavailable",
};
