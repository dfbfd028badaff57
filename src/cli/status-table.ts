import { readStatusSection } from "../github/markers.js";

/** One row of the status table the app writes into a run's issue. */
export interface StepRow {
  task: string;
  action: string;
  /** The step's status word: paused, succeeded, failed, … */
  status: string;
  /** Who acted, as shown (`@bob`), or empty. */
  who: string;
  /** When the step started, `YYYY-MM-DD HH:MM` UTC, or empty. */
  when: string;
  duration: string;
}

/** The status section of an issue body, read back into its parts. */
export interface StatusSection {
  /** `Run 3: \`service_restart\` — paused` */
  heading: string;
  /** The workflow file, e.g. `workflows/service_restart.yaml`. */
  workflowPath: string | undefined;
  /** Who asked for the run; the app opens issues for dispatched runs. */
  requestedBy: string | undefined;
  steps: StepRow[];
}

/**
 * Reads the app's status section, the last one on lines of its own (one
 * the requester typed above it is request text); undefined when none.
 */
export function parseStatusSection(body: string): StatusSection | undefined {
  const section = readStatusSection(body);
  if (section === undefined) return undefined;
  const lines = section.split(/\r?\n/);
  const heading = lines.find((l) => l.startsWith("### "))?.slice(4) ?? "";
  const path = /^Workflow `([^`]+)` at /m.exec(section);
  const by = /requested by @([\w-]+(?:\[bot\])?)/.exec(section);
  return {
    heading,
    workflowPath: path?.[1],
    requestedBy: by?.[1],
    steps: lines.flatMap(rowOf),
  };
}

function rowOf(line: string): StepRow[] {
  if (!line.startsWith("| `")) return [];
  const cells = line
    .slice(1, line.endsWith("|") ? -1 : undefined)
    .split("|")
    .map((cell) => cell.trim());
  if (cells.length < 6) return [];
  const [task, action, status, who, when, duration] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return [
    {
      task: unquote(task),
      action: unquote(action),
      status: status.split(/\s+/).at(-1) ?? "",
      who,
      when,
      duration,
    },
  ];
}

function unquote(cell: string): string {
  return cell.replace(/^`|`$/g, "");
}
