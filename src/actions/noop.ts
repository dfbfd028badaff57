import type { ActionImpl } from "./types.js";

/** Does nothing and succeeds; useful as a join or an explicit end. */
export const noopAction: ActionImpl = {
  name: "core.noop",
  execute: async () => ({ status: "succeeded", result: {} }),
};
