import type { Scenario } from "./replay.js";

/** The seed's v2 runbook: bob types the approval word in a reply. */
export const seedV2: Scenario = {
  name: "seed v2: restart crond after an approval word",
  requester: "alice",
  request: "/run service_restart_v2 service=crond host=web-1",
  steps: [
    {
      say: "@bob answers the inquiry with a fenced YAML reply",
      act: async (stack, issue) => {
        await stack.gh.comment(
          "bob",
          issue,
          "```yaml\nsecondfactor: approved\n```",
        );
      },
    },
  ],
};
