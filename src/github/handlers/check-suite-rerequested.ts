import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";
import { rerunRequested } from "./check-rerun.js";

/**
 * "Re-run all checks" of the app's own suite checks its commit again for
 * each open pull request it is the head of.
 */
export function onCheckSuiteRerequested(runner: Runner) {
  return async (context: Context<"check_suite.rerequested">): Promise<void> => {
    const suite = context.payload.check_suite;
    const fields = { checkSuite: suite.id };
    await rerunRequested(runner, context, { ...suite, fields });
  };
}
