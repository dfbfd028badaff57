import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { asRunState, runStateOf, stepOf } from "../../src/engine/state.js";
import {
  markerKeyOf,
  readSignedState,
  readStateMarker,
  stateMarker,
} from "../../src/github/markers.js";
import { Store } from "../../src/store/store.js";
import type { RunRecord } from "../../src/store/types.js";

const key = markerKeyOf("the app's private key");

describe("the state marker in a run's issue", () => {
  let dir: string;
  let store: Store;
  let run: RunRecord;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ar-state-"));
    store = new Store(join(dir, "store.db"), () => 1_000);
    run = store.runs.create({
      owner: "acme",
      repo: "ops",
      installationId: 1,
      issueNumber: 7,
      workflow: "service_restart_v2",
      workflowPath: "workflows/service_restart_v2.yaml",
      workflowSha: "a".repeat(40),
      workflowSource: "{}",
      input: { service: "crond" },
      requesterId: 11,
      requesterLogin: "alice",
      requestBody: "/run service_restart_v2 service=crond",
    })!;
    const step = store.steps.add(run.id, "approval", "core.ask");
    const inquiry = store.inquiries.create({
      runId: run.id,
      stepId: step.id,
      task: "approval",
      kind: "ask",
      spec: {
        route: "ops",
        approvers: {
          users: ["bob"],
          teams: [],
          roles: [],
          allowRequester: false,
        },
        schema: {},
      },
      approvals: 2,
      deadline: 5_000,
      reminded: false,
      commentId: 99,
      status: "open",
    });
    store.responses.add({
      inquiryId: inquiry.id,
      userId: 12,
      login: "bob",
      commentId: 100,
      bodyHash: "b".repeat(64),
      response: { decision: "approve" },
      receipt: "c".repeat(64),
    });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function body(state: Record<string, unknown>, k?: string) {
    return `/run x\n\n${stateMarker(state, k)}\n`;
  }

  it("holds the run, its steps, inquiries and recorded answers", () => {
    const state = runStateOf(store, run);
    assert.equal(state.repo, "acme/ops");
    assert.equal(state.issue, 7);
    assert.deepEqual(
      state.steps.map((s) => stepOf(s, run.id).task),
      ["approval"],
    );
    assert.equal(state.inquiries[0]!.approvals, 2);
    assert.equal(state.inquiries[0]!.responses[0]!.login, "bob");
  });

  it("is read back only with the key that signed it", () => {
    const state = { ...runStateOf(store, run) };
    assert.deepEqual(readSignedState(body(state, key), key), state);
    assert.equal(
      readSignedState(body(state, key), markerKeyOf("other")),
      undefined,
    );
    assert.equal(readSignedState(body(state), key), undefined);
  });

  it("is refused once anything in it changed", () => {
    const signed = readStateMarker(body({ ...runStateOf(store, run) }, key))!;
    const edits = [
      { ...signed, input: { service: "sshd" } },
      { ...signed, status: "succeeded" },
      { ...signed, sig: "00" },
    ];
    for (const edited of edits) {
      assert.equal(readSignedState(body(edited), key), undefined);
    }
  });

  it("keeps the fields that tools outside the app read", () => {
    const read = readStateMarker(body({ ...runStateOf(store, run) }, key))!;
    const { run: id, workflow, sha, input, status } = read;
    assert.deepEqual(
      { id, workflow, sha, input, status },
      {
        id: run.id,
        workflow: "service_restart_v2",
        sha: "a".repeat(40),
        input: { service: "crond" },
        status: "running",
      },
    );
  });

  it("drops task results, then everything a rebuild needs, as it grows", () => {
    const big = { status: "succeeded" as const, result: "x".repeat(30_000) };
    const lean = runStateOf(store, { ...run, outcomes: { restart: big } });
    assert.deepEqual(lean.outcomes["restart"], {
      status: "succeeded",
      result: null,
    });
    assert.ok(asRunState({ ...lean }));
    const huge = runStateOf(store, {
      ...run,
      ctx: { blob: "y".repeat(50_000) },
    });
    assert.equal(huge.partial, true);
    assert.equal(asRunState({ ...huge }), undefined);
  });

  it("is not taken for run state in another version", () => {
    const state = { ...runStateOf(store, run), v: 1 };
    assert.equal(asRunState(state), undefined);
  });
});
