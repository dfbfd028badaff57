import type { Model } from "./store.js";
import type { CheckRun, Repo } from "./types.js";

/** The fields of a check run the app may set, as the REST API names them. */
export interface CheckRunFields {
  name?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output?: {
    title?: string;
    summary?: string;
    text?: string;
    annotations?: Record<string, unknown>[];
  };
}

export function createCheckRun(
  model: Model,
  repo: Repo,
  headSha: string,
  fields: CheckRunFields & { name: string },
): CheckRun {
  const run: CheckRun = {
    id: model.nextId("check"),
    repo: repo.name,
    headSha,
    name: fields.name,
    status: "queued",
    conclusion: null,
    startedAt: model.now(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null, annotations: [] },
  };
  model.checkRuns.set(run.id, run);
  updateCheckRun(model, run, fields);
  return run;
}

/**
 * Applies an update. Annotations accumulate across updates, and a
 * conclusion completes the run, as on GitHub.
 */
export function updateCheckRun(
  model: Model,
  run: CheckRun,
  fields: CheckRunFields,
): void {
  if (fields.name !== undefined) run.name = fields.name;
  if (fields.status !== undefined) run.status = fields.status;
  if (fields.started_at !== undefined) run.startedAt = fields.started_at;
  if (fields.details_url !== undefined) run.detailsUrl = fields.details_url;
  if (fields.external_id !== undefined) run.externalId = fields.external_id;
  if (fields.conclusion !== undefined) {
    run.conclusion = fields.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    run.completedAt = fields.completed_at ?? run.completedAt ?? model.now();
  }
  updateOutput(run, fields.output);
}

function updateOutput(run: CheckRun, output: CheckRunFields["output"]) {
  if (!output) return;
  const { title, summary, text, annotations } = output;
  if (title !== undefined) run.output.title = title;
  if (summary !== undefined) run.output.summary = summary;
  if (text !== undefined) run.output.text = text;
  run.output.annotations.push(...(annotations ?? []));
}
