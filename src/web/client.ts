/** What the form answered, read from its page. */
export interface FormReply {
  status: number;
  /** The page's `data-state`: form, allowed or refused. */
  state: string;
  /** `data-outcome` when Duo was asked: denied or unavailable. */
  outcome?: string;
  /** The error code of a refusal, if any. */
  code?: string;
  html: string;
}

/**
 * Fills the Duo form over HTTP as a browser would (for the sandbox and
 * scripts): GETs the link, takes the CSRF field and cookie, POSTs.
 */
export function submitPasscode(
  url: string,
  passcode: string,
): Promise<FormReply> {
  return submit(url, { choice: "passcode", passcode });
}

/** Asks the form for a push instead of a passcode. */
export function requestPush(url: string): Promise<FormReply> {
  return submit(url, { choice: "push" });
}

async function submit(
  url: string,
  fields: Record<string, string>,
): Promise<FormReply> {
  const first = await fetch(url, { redirect: "manual" });
  const page = await first.text();
  const csrf = /name="csrf" value="([^"]*)"/.exec(page)?.[1];
  const cookie = /(?:^|,\s*)(duo_csrf=[^;]*)/.exec(
    first.headers.get("set-cookie") ?? "",
  )?.[1];
  if (!csrf || !cookie) return readReply(first.status, page);
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie,
    },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return readReply(res.status, await res.text());
}

/** Reads the data attributes every form page carries on `<main>`. */
export function readReply(status: number, html: string): FormReply {
  const main = /<main([^>]*)>/.exec(html)?.[1] ?? "";
  const attr = (name: string) =>
    new RegExp(`data-${name}="([^"]*)"`).exec(main)?.[1];
  const reply: FormReply = { status, state: attr("state") ?? "", html };
  const outcome = attr("outcome");
  const code = attr("code");
  if (outcome) reply.outcome = outcome;
  if (code) reply.code = code;
  return reply;
}
