import { fail } from "../../errors.js";
import type { InRepo, Stage } from "./acting.js";
import {
  checkRunRerequestedEvent,
  checkSuiteRerequestedEvent,
  type RerequestOptions,
} from "./webhooks/check-payloads.js";
import type { DeliveryResult } from "./webhooks/sender.js";

/** `login` presses "Re-run" on a check run: check_run.rerequested. */
export async function rerequestCheckRun(
  stage: Stage,
  login: string,
  checkRunId: number,
  options: RerequestOptions = {},
): Promise<DeliveryResult> {
  const { model } = stage.site;
  const run = model.checkRuns.get(checkRunId);
  if (!run) {
    const known = [...model.checkRuns.keys()].join(", ") || "none";
    const name = String(checkRunId);
    throw fail("AR_STANDIN_UNKNOWN", { kind: "check run", name, known });
  }
  const sender = model.user(login).login;
  const event = checkRunRerequestedEvent(stage.site, run, sender, options);
  const [result] = await stage.deliver([event]);
  return result ?? { status: 0, body: "not delivered" };
}

/** `login` presses "Re-run all checks": check_suite.rerequested. */
export async function rerequestCheckSuite(
  stage: Stage,
  login: string,
  headSha: string,
  options: RerequestOptions & InRepo = {},
): Promise<DeliveryResult> {
  const { model } = stage.site;
  const repo = model.repo(options.repo ?? stage.defaultRepo);
  if (!repo.commits.has(headSha)) {
    const kind = `commit in ${repo.name}`;
    throw fail("AR_STANDIN_UNKNOWN", { kind, name: headSha, known: "" });
  }
  const sender = model.user(login).login;
  const site = stage.site;
  const event = checkSuiteRerequestedEvent(
    site,
    repo,
    headSha,
    sender,
    options,
  );
  const [result] = await stage.deliver([event]);
  return result ?? { status: 0, body: "not delivered" };
}
