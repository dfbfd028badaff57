import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DuoConfig } from "../../src/config/types.js";
import { type DuoPluginOptions, duoPlugin } from "../../src/duo/plugin.js";
import {
  type DuoStandIn,
  type DuoUser,
  startDuoStandIn,
} from "../../src/standins/duo/server.js";
import type { RunRecord } from "../../src/store/types.js";
import { type Harness, repoRoot, startHarness } from "../support/harness.js";

/** Passcodes the Duo stand-in accepts (each once), by person. */
export const goodPasscodes: Record<string, string[]> = {
  bob: Array.from({ length: 30 }, (_, i) =>
    String(40_213 + i * 7919).padStart(6, "0"),
  ),
  carol: ["602214", "718281", "831415"],
};
/** A passcode no one has. */
export const wrongPasscode = "999111";

const ikey = "DIFORM00000000000TST";
const host = "api-form.duosecurity.com";

/** Two approvers who must both confirm, with a passcode or a push. */
const pairWorkflow = `
name: duo_pair
description: Two approvers confirm with Duo, then a restart.
input:
  type: object
  required: [service]
  properties:
    service: { type: string, pattern: "^[a-z]{1,20}$" }
tasks:
  approval:
    action: core.ask
    input:
      users: [bob, carol]
      approvals: 2
      schema:
        type: object
        required: [decision]
        properties:
          decision: { type: string, enum: [approve, deny] }
    next:
      - when: "{{ result().response.decision == 'approve' }}"
        do: confirm
  confirm:
    action: duo.auth
    input: { factor: auto }
    next: [ { do: restart } ]
  restart:
    action: ssh.run
    input:
      host: web-2
      command: "systemctl restart {{ ctx().service }}"
      sudo: true
`;

export interface FormFixture {
  h: Harness;
  duo: DuoStandIn;
  skey: string;
  /** How far the app's clock runs ahead of real time; raise to expire links. */
  clock: { offsetMs: number };
  close(): Promise<void>;
}

/** The app with the Duo plugin, over the GitHub stand-in and Duo's. */
export async function startFormFixture(
  plugin: DuoPluginOptions = { postsPerMinute: 10_000 },
): Promise<FormFixture> {
  const skey = randomBytes(20).toString("hex");
  const duo = await startDuoStandIn({ ikey, skey, host, users: duoUsers() });
  const clock = { offsetMs: 0 };
  const v3 = "workflows/service_restart_v3.yaml";
  const h = await startHarness({
    workflows: {
      [v3]: readFileSync(join(repoRoot, v3), "utf8"),
      "workflows/duo_pair.yaml": pairWorkflow,
    },
    now: () => Date.now() + clock.offsetMs,
    config: { duo: duoConfig(duo, skey) },
    plugins: () => [duoPlugin(plugin)],
  });
  // The app's port is known only once it listens.
  h.config.publicUrl = h.app.url;
  return {
    h,
    duo,
    skey,
    clock,
    close: async () => {
      await h.close();
      await duo.close();
    },
  };
}

function duoUsers(): Record<string, DuoUser> {
  return {
    bob: { status: "auth", passcodes: goodPasscodes["bob"]!, push: "allow" },
    carol: { status: "auth", passcodes: goodPasscodes["carol"]!, push: "deny" },
  };
}

function duoConfig(duo: DuoStandIn, skey: string): DuoConfig {
  return {
    ikey,
    skey,
    host,
    baseUrl: duo.url,
    users: {},
    // Generous: only a hang should time out, and those tests set a short
    // limit on `h.config.duo` themselves.
    timeoutMs: 10_000,
  };
}

/** A run waiting at its Duo step, and each confirmer's newest link. */
export interface WaitingRun {
  issue: number;
  run: RunRecord;
  links: Record<string, string>;
}

/** Asks for a run and approves it, so it waits for Duo confirmations. */
export async function runToDuo(
  fixture: FormFixture,
  kind: "v3" | "pair",
): Promise<WaitingRun> {
  const { h } = fixture;
  const body =
    kind === "v3"
      ? "/run service_restart_v3 service=crond host=web-1"
      : "/run duo_pair service=nginx";
  const issue = await h.gh.openIssue("alice", { title: "restart", body });
  await h.settle();
  const approvers = kind === "v3" ? ["bob"] : ["bob", "carol"];
  for (const login of approvers) {
    await h.gh.comment(login, issue.number, "/approve");
    await h.settle();
  }
  const run = h.app.store.runs
    .list()
    .find((r) => r.issueNumber === issue.number)!;
  return {
    issue: issue.number,
    run,
    links: newestLinks(fixture, issue.number),
  };
}

const linkPattern =
  /^@([\w-]+): please confirm[\s\S]*?(http\S+\/duo\/[\w-]{43})/;

/** The newest link the app posted for each person on an issue. */
export function newestLinks(
  fixture: FormFixture,
  issue: number,
): Record<string, string> {
  const links: Record<string, string> = {};
  for (const comment of fixture.h.gh.comments(issue)) {
    const match = linkPattern.exec(comment.body);
    if (match) links[match[1]!] = match[2]!;
  }
  return links;
}

/** A GET of a form page: its CSRF field, cookie and headers. */
export interface Served {
  status: number;
  html: string;
  headers: Headers;
  csrf: string | undefined;
  cookie: string | undefined;
}

export async function open(url: string): Promise<Served> {
  const res = await fetch(url, { redirect: "manual" });
  const html = await res.text();
  const setCookie = res.headers.get("set-cookie") ?? "";
  return {
    status: res.status,
    html,
    headers: res.headers,
    csrf: /name="csrf" value="([^"]*)"/.exec(html)?.[1],
    cookie: /^(duo_csrf=[^;]*)/.exec(setCookie)?.[1],
  };
}

/** POSTs form fields with a cookie header, as a browser would. */
export async function post(
  url: string,
  fields: Record<string, string>,
  cookie: string | undefined,
  contentType = "application/x-www-form-urlencoded",
) {
  const headers: Record<string, string> = { "content-type": contentType };
  if (cookie) headers["cookie"] = cookie;
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** GETs the form, then POSTs these fields with its CSRF value and cookie. */
export async function submit(url: string, fields: Record<string, string>) {
  const served = await open(url);
  return post(url, { csrf: served.csrf ?? "", ...fields }, served.cookie);
}

/** The data attributes of a page's `<main>`. */
export function stateOf(html: string): Record<string, string> {
  const main = /<main([^>]*)>/.exec(html)?.[1] ?? "";
  return Object.fromEntries(
    [...main.matchAll(/data-([a-z]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
}
