import { submitPasscode } from "../duo/plugin.js";
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

/** The passcode bob's Duo device shows in the sandbox. */
export const sandboxPasscode = "048213";

const duoLink = /https?:\/\/\S+?\/duo\/[A-Za-z0-9_-]{43}/;

/**
 * The seed's v3 runbook: bob approves, then confirms with a Duo passcode
 * on the form the app links to; the sandbox fills that form itself.
 */
export function seedV3(print: (text: string) => void): Scenario {
  return {
    name: "seed v3: restart crond after an approval and a Duo passcode",
    requester: "alice",
    request: "/run service_restart_v3 service=crond host=web-1",
    steps: [
      {
        say: "@bob approves with the shorthand",
        act: async (stack, issue) => {
          await stack.gh.comment("bob", issue, "/approve");
        },
      },
      {
        say: "@bob opens his Duo link and types his passcode",
        act: async (stack, issue) => {
          const link = stack.gh
            .comments(issue)
            .map((c) => duoLink.exec(c.body)?.[0])
            .findLast((l) => l !== undefined);
          if (!link) throw new Error("no Duo link was posted");
          print(`    (the sandbox fills the form at ${link})`);
          const reply = await submitPasscode(link, sandboxPasscode);
          print(`    (the form answered: ${reply.state})`);
        },
      },
    ],
  };
}
