import type { IssueView } from "../../standins/github/server.js";
import { type Html, html } from "../../web/html.js";
import type { Problem } from "../../workflow/types.js";
import {
  badges,
  csrfField,
  layout,
  type PageFacts,
  personSelect,
} from "./pages.js";

/** What the front page shows besides the issues. */
export interface HomeFacts extends PageFacts {
  issues: IssueView[];
  /** Each workflow file and what the loader thinks of it. */
  workflows: { path: string; problems: Problem[] }[];
  passcodes: Record<string, string[]>;
  apiUrl: string;
  tokens: Record<string, string>;
}

export const sampleRequest = "/run service_restart_v3 service=crond host=web-1";

/** The front page: file a request, the issues, and who is who. */
export function homePage(facts: HomeFacts): string {
  const body = html`<div>
${requestForm(facts)}
${issueList(facts.issues)}
</div>
<aside>
${peopleBox(facts)}
${workflowBox(facts)}
${cliBox(facts)}
</aside>`;
  return layout(`${facts.repo} — playground`, body, { page: "home" });
}

function requestForm(facts: PageFacts): Html {
  return html`<section>
<h1>File a request in ${facts.repo}</h1>
<form method="post" action="/issues">
${csrfField(facts)}
${personSelect("request-as", facts, "alice")}
<label for="request-title">Title</label>
<input id="request-title" name="title" placeholder="Restart crond on web-1">
<label for="request-body">Body</label>
<textarea id="request-body" name="body">${sampleRequest}</textarea>
<button id="request-submit" type="submit">Open issue</button>
</form>
</section>`;
}

function issueList(issues: IssueView[]): Html {
  const items = [...issues].reverse().map(
    (i) => html`<li><a href="/issues/${i.number}">#${i.number} ${i.title}</a>
${badges(i)} <span class="muted">by @${i.author}</span></li>`,
  );
  const list =
    items.length > 0
      ? html`<ul class="issues">${items}</ul>`
      : html`<p class="muted">No issues yet: file a request above.</p>`;
  return html`<section><h2>Issues</h2>${list}</section>`;
}

function peopleBox(facts: HomeFacts): Html {
  const rows = facts.people.map((p) => {
    const codes = facts.passcodes[p.login];
    const duo = codes
      ? html`<br><span class="muted">Duo passcodes (each works once):</span>
<code data-passcodes="${p.login}">${codes.join(" ")}</code>`
      : html``;
    return html`<li><strong>@${p.login}</strong>: ${p.role}${duo}</li>`;
  });
  return html`<div><h2>People</h2><ul>${rows}</ul></div>`;
}

function workflowBox(facts: HomeFacts): Html {
  const rows = facts.workflows.map(({ path, problems }) => {
    const state =
      problems.length === 0
        ? html`<span class="muted">loads</span>`
        : html`<ul class="bad">${problems.map(
            (p) => html`<li>${p.line}:${p.col} ${p.message}</li>`,
          )}</ul>`;
    return html`<li><code>${path}</code> ${state}</li>`;
  });
  return html`<div><h2>Workflows</h2>
<p class="muted">From the local <code>workflows/</code> folder; an edit is committed to main before the next request.</p>
<ul>${rows}</ul></div>`;
}

function cliBox(facts: HomeFacts): Html {
  const token = facts.tokens["bob"] ?? "";
  const env = [
    `export GITHUB_API_URL=${facts.apiUrl}`,
    `export GITHUB_REPOSITORY=${facts.repo}`,
    `export GITHUB_TOKEN=${token}`,
    "npx approval-runner inquiry list",
  ].join("\n");
  const others = Object.entries(facts.tokens).map(
    ([login, t]) =>
      html`<li>@${login}: <code data-token="${login}">${t}</code></li>`,
  );
  return html`<div><h2>Command line</h2>
<p class="muted">As @bob:</p><pre>${env}</pre>
<p class="muted">Tokens for the stand-in:</p><ul>${others}</ul></div>`;
}
