import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";
import { rerunRequested } from "./check-rerun.js";

/**
 * "Re-run" on the app's own check run checks its commit again for each
 * open pull request it is the head of; other apps' runs are left alone.
 */
export function onCheckRunRerequested(runner: Runner) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    const run = context.payload.check_run;
    const fields = { checkRun: run.id };
    await rerunRequested(runner, context, { ...run, fields });
  };
}
