import { duoAuthAction, duoAuthAliasAction } from "../actions/duo-auth.js";
import type { Runner } from "../engine/runner.js";
import type { RuntimePlugin } from "../server/runtime.js";
import { createFormHandler } from "../web/handler.js";
import { createDuoClient } from "./client.js";
import type { DuoClient } from "./types.js";

export { requestPush, submitPasscode } from "../web/client.js";
export { handleFactorComment } from "./comments.js";

export interface DuoPluginOptions {
  /** The Duo client; default: one made from the operator's `duo` config. */
  client?: DuoClient;
  /** POSTs per minute per address on the form (default 10). */
  postsPerMinute?: number;
  /** GETs per minute per address on the form (default 60). */
  getsPerMinute?: number;
}

/**
 * The Duo second factor as a runtime plugin: the `duo.auth` action (and
 * its StackStorm alias) and the form at `/duo/<token>`.
 */
export function duoPlugin(options: DuoPluginOptions = {}): RuntimePlugin {
  return {
    actions: [duoAuthAction, duoAuthAliasAction],
    handlers: (runner) => [
      createFormHandler({
        runner,
        client: options.client ?? defaultClient(runner),
        duoUsers: runner.services.config.duo?.users ?? {},
        ...(options.postsPerMinute
          ? { postsPerMinute: options.postsPerMinute }
          : {}),
        ...(options.getsPerMinute
          ? { getsPerMinute: options.getsPerMinute }
          : {}),
      }),
    ],
  };
}

function defaultClient(runner: Runner): DuoClient | undefined {
  const { config, log } = runner.services;
  if (!config.duo) return undefined;
  return createDuoClient(config.duo, { log: log.child({ name: "duo" }) });
}
