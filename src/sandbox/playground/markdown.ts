import MarkdownIt from "markdown-it";
import { Html } from "../../web/html.js";

// Raw HTML off: whatever a comment holds is shown as text, never run.
// markdown-it also refuses javascript:, vbscript: and most data: links.
const md = new MarkdownIt({ html: false, linkify: true });

/** The app's hidden markers, which GitHub does not show either. */
const markers = /<!-- approval-runner[\w-]*:[\s\S]*? -->/g;

/** A comment or issue body as GitHub would show it, safely. */
export function renderMarkdown(text: string): Html {
  return new Html(md.render(text.replace(markers, "")));
}
