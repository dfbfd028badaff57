import type { Logger } from "pino";
import type { OperatorConfig } from "../config/types.js";
import type { Octokit } from "../github/octokit.js";
import type { Store } from "../store/store.js";

/** The outside world the engine talks to, passed in so tests can vary it. */
export interface Services {
  store: Store;
  config: OperatorConfig;
  log: Logger;
  /** An Octokit authenticated as the app's installation. */
  github: (installationId: number) => Promise<Octokit>;
  /** Milliseconds since the epoch; injectable so tests need not sleep. */
  now: () => number;
  /** Signs the state marker in issue bodies; without it, no rebuild. */
  markerKey?: string;
}
