import type { CommentView, IssueView } from "../../standins/github/server.js";
import { html } from "../../web/html.js";
import {
  badges,
  commentBlock,
  commentsOf,
  csrfField,
  layout,
  type PageFacts,
  personSelect,
} from "./pages.js";

/** One issue and its thread, with a box to comment as someone. */
export function threadPage(
  facts: PageFacts,
  issue: IssueView,
  comments: CommentView[],
): string {
  const body = html`<div>
<section>
<h1>${issue.title} <span class="muted">#${issue.number}</span></h1>
<p>${badges(issue)} <span class="muted">@${issue.author} opened this issue</span></p>
</section>
${commentBlock(issue.author, issue.createdAt, issue.body ?? "")}
${commentsOf(comments)}
<section>
<h2>Comment</h2>
<form method="post" action="/issues/${issue.number}/comments">
${csrfField(facts)}
${personSelect("comment-as", facts, "bob")}
<label for="comment-body">Comment</label>
<textarea id="comment-body" name="body" placeholder="/approve"></textarea>
<button id="comment-submit" type="submit">Comment</button>
</form>
<p class="muted"><a href="/issues/${issue.number}">Refresh</a> · <a href="/">All issues</a></p>
</section>
</div>
<aside><div><h2>Replies the app reads</h2>
<p class="muted">A fenced YAML block with the inquiry's fields, or its shorthand such as <code>/approve</code>; <code>/cancel</code> ends a paused run; <code>/duo</code> asks for a new Duo link. Duo links open the app's own form.</p>
</div></aside>`;
  return layout(`#${issue.number} ${issue.title}`, body, {
    page: "issue",
    issue: String(issue.number),
    "issue-state": issue.state,
    labels: issue.labels.join(","),
  });
}
