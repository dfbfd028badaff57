import type { Stack } from "./stack.js";

/** One scripted step: a person acts, then the thread is printed. */
export interface ScenarioStep {
  /** What the step does, printed before it. */
  say: string;
  act: (stack: Stack, issue: number) => Promise<void>;
}

export interface Scenario {
  name: string;
  requester: string;
  request: string;
  steps: ScenarioStep[];
}

export interface ReplayResult {
  issue: number;
  state: string;
  labels: string[];
}

/** Plays a scenario against the stack, printing the thread as it grows. */
export async function replay(
  stack: Stack,
  scenario: Scenario,
  print: (text: string) => void,
): Promise<ReplayResult> {
  print(`\n=== ${scenario.name} ===\n`);
  print(`@${scenario.requester} opens an issue: ${scenario.request}`);
  const opened = await stack.gh.openIssue(scenario.requester, {
    title: scenario.name,
    body: scenario.request,
  });
  let shown = 0;
  const show = async () => {
    await stack.settle();
    const comments = stack.gh.comments(opened.number);
    for (const comment of comments.slice(shown)) {
      print(renderComment(comment.author, comment.body));
    }
    shown = comments.length;
  };
  await show();
  for (const step of scenario.steps) {
    print(`\n>>> ${step.say}`);
    await step.act(stack, opened.number);
    await show();
  }
  const issue = stack.gh.issue(opened.number)!;
  const labels = stack.gh.labels(opened.number);
  print(
    `\nIssue #${opened.number} is ${issue.state}, labelled ${labels.join(", ")}.`,
  );
  return { issue: opened.number, state: issue.state, labels };
}

function renderComment(author: string, body: string): string {
  const text = body.replace(/\n*<!-- approval-runner:[^>]* -->/g, "").trim();
  const indented = text.replace(/^/gm, "  │ ");
  return `\n@${author}:\n${indented}`;
}
