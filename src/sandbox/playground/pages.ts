import type { CommentView, IssueView } from "../../standins/github/server.js";
import { type Html, html, page } from "../../web/html.js";
import { renderMarkdown } from "./markdown.js";
import type { Person } from "./people.js";

/** What every page needs to know about the running playground. */
export interface PageFacts {
  repo: string;
  people: Person[];
  /** A value each form posts back, so other sites cannot post here. */
  csrf: string;
}

const style = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:.6rem 1.2rem}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:72rem;margin:1rem auto;padding:0 1rem;display:grid;grid-template-columns:minmax(0,1fr) 19rem;gap:1.2rem}
section,aside>div{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
h1{font-size:1.4rem;margin:.2rem 0 .6rem}h2{font-size:1.05rem;margin:.2rem 0 .5rem}
table{border-collapse:collapse;margin:.5rem 0;display:block;overflow-x:auto}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;font-size:.9rem;white-space:nowrap}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;font-size:.85rem}code{font-size:.85rem}
.comment{border:1px solid #d0d7de;border-radius:6px;margin:.8rem 0;background:#fff}
.comment>.who{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:.3rem .8rem;font-size:.9rem}
.comment>.text{padding:.2rem .8rem}
.label{display:inline-block;border-radius:1rem;padding:0 .5rem;font-size:.8rem;background:#ddf4ff;margin-right:.25rem}
.state{display:inline-block;border-radius:1rem;padding:.1rem .6rem;color:#fff;background:#1a7f37}.state.closed{background:#8250df}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.35rem}
textarea{min-height:6rem;font-family:ui-monospace,monospace}
button{font:inherit;margin-top:.6rem;padding:.4rem 1rem;border-radius:6px;border:1px solid #1f883d;background:#1f883d;color:#fff}
ul.issues{list-style:none;padding:0;margin:0}ul.issues li{padding:.4rem 0;border-bottom:1px solid #eaeef2}
.muted{color:#59636e;font-size:.85rem}.bad{color:#cf222e}
`;

/** A whole page: no scripts, styles inline, markers never shown. */
export function layout(
  title: string,
  body: Html,
  attrs: Record<string, string> = {},
): string {
  const header = html`<header><a href="/">approval-runner playground</a></header>`;
  return page(title, body, attrs, { style, header });
}

/** A select of the people one may act as. */
export function personSelect(id: string, facts: PageFacts, chosen: string) {
  const options = facts.people.map((p) =>
    p.login === chosen
      ? html`<option value="${p.login}" selected>@${p.login} — ${p.role}</option>`
      : html`<option value="${p.login}">@${p.login} — ${p.role}</option>`,
  );
  return html`<label for="${id}">As</label>
<select id="${id}" name="as">${options}</select>`;
}

export function csrfField(facts: PageFacts): Html {
  return html`<input type="hidden" name="csrf" value="${facts.csrf}">`;
}

/** One issue's state and labels, as small badges. */
export function badges(issue: IssueView): Html {
  const labels = issue.labels.map((l) => html`<span class="label">${l}</span>`);
  return html`<span class="state ${issue.state}">${issue.state}</span> ${labels}`;
}

/** A comment (or the issue's opening post) rendered as GitHub shows it. */
export function commentBlock(
  author: string,
  at: string,
  body: string,
  id?: number,
): Html {
  const anchor = id === undefined ? "" : `comment-${id}`;
  const when = at.replace("T", " ").replace("Z", " UTC");
  return html`<div class="comment" id="${anchor}" data-author="${author}">
<div class="who"><strong>@${author}</strong> <span class="muted">${when}</span></div>
<div class="text">${renderMarkdown(body)}</div>
</div>`;
}

export function commentsOf(comments: CommentView[]): Html[] {
  return comments.map((c) => commentBlock(c.author, c.createdAt, c.body, c.id));
}

/** A short error page, e.g. for a form that could not be used. */
export function problemPage(status: number, message: string) {
  const body = html`<section><h1>That did not work</h1>
<p class="bad">${message}</p><p><a href="/">Back to the playground</a></p></section>`;
  return { status, body: layout("Problem", body, { state: "problem" }) };
}
