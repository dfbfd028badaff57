/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Marks text as HTML already: `html` only trusts values wrapped in it, so
 * everything else that goes into a page is escaped.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A template tag that escapes every value that is not Html. */
export function html(
  strings: TemplateStringsArray,
  ...values: Array<Html | string | number | Html[]>
): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

function render(value: Html | string | number | Html[]): string {
  if (Array.isArray(value)) return value.map((v) => v.text).join("");
  if (value instanceof Html) return value.text;
  return escapeHtml(String(value));
}

// Inline only: the CSP allows inline styles and nothing else.
const style = `
body{font:18px/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1b1f24;background:#f6f8fa}
main{max-width:34rem;margin:0 auto;background:#fff;padding:1.25rem;border-radius:8px;border:1px solid #d0d7de}
h1{font-size:1.5rem;margin:0 0 .75rem}h2{font-size:1.15rem;margin:1rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0 0 1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{font-size:1.6rem;padding:.6rem;width:100%;box-sizing:border-box;letter-spacing:.15em}
button{font-size:1.15rem;padding:.8rem 1rem;width:100%;margin-top:.75rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff}
button.second{background:#fff;color:#1f6feb}
.ok{color:#1a7f37}.bad{color:#cf222e}.code{color:#57606a;font-size:.85rem}
`;

export interface PageOptions {
  /** Stylesheet text, inlined (default: the Duo form's). */
  style?: string;
  /** Shown above `<main>`. */
  header?: Html;
}

/** A whole page: phone-friendly, no scripts, styles inline. */
export function page(
  title: string,
  body: Html,
  attrs: Record<string, string> = {},
  options: PageOptions = {},
): string {
  const data = Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  const header = options.header ? `${options.header.text}\n` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${options.style ?? style}</style>
</head>
<body>
${header}<main${data}>
${body.text}
</main>
</body>
</html>
`;
}
