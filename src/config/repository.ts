import type { ValidateFunction } from "ajv";
import { statusLabels } from "../engine/render.js";
import { fail } from "../errors.js";
import { code } from "../markdown.js";
import { type RepoFiles, tooLarge } from "../repository/files.js";
import { schemaCompiler, shapeProblems } from "../workflow/shape.js";
import type { PeopleSpec, Problem } from "../workflow/types.js";
import {
  problemAt,
  readYaml,
  type Site,
  siteAt,
} from "../workflow/yaml-source.js";

/** Where a served repository keeps its settings (default branch only). */
export const settingsPath = ".github/approval-runner.yml";

/** What a repository may ask for; the operator's config caps it. */
export interface RepoSettings {
  /** Labels added to every run's issue. */
  labels: string[];
  /** Who may request any workflow here; a workflow may narrow it. */
  requesters?: PeopleSpec;
  /** Inquiry ttl in minutes where a workflow names none. */
  ttlMinutes?: number;
  /** `false` forbids self-approval even where a workflow allows it. */
  allowSelfApproval?: boolean;
}

export const defaultSettings: RepoSettings = { labels: [] };

const people = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(
    ["users", "teams", "roles"].map((k) => [
      k,
      { type: "array", items: { type: "string", minLength: 1 } },
    ]),
  ),
};

const settingsSchema = {
  type: ["object", "null"],
  additionalProperties: false,
  properties: {
    labels: {
      type: "array",
      maxItems: 10,
      uniqueItems: true,
      items: { type: "string", minLength: 1, maxLength: 50 },
    },
    requesters: people,
    ttl: { type: "integer", minimum: 1 },
    allowSelfApproval: { type: "boolean" },
  },
};

let validator: ValidateFunction | undefined;

/** Reads `.github/approval-runner.yml`; problems carry line and column. */
export function parseRepoSettings(text: string): {
  settings?: RepoSettings;
  problems: Problem[];
} {
  const read = readYaml(text, settingsPath);
  if (!read.file) return { problems: read.problems };
  const site: Site = {
    source: read.file.source,
    node: read.file.doc.contents ?? undefined,
  };
  validator ??= schemaCompiler().compile(settingsSchema);
  const data = read.file.data;
  const shape = shapeProblems(validator, data, { site, label: "" });
  if (shape.length > 0) return { problems: shape };
  const raw = (data ?? {}) as Record<string, unknown>;
  const problems = statusLabelProblems(raw["labels"], site);
  if (problems.length > 0) return { problems };
  return { settings: settingsOf(raw), problems: [] };
}

function statusLabelProblems(labels: unknown, site: Site): Problem[] {
  const list = Array.isArray(labels) ? (labels as string[]) : [];
  const taken = new Set<string>(statusLabels);
  return list.flatMap((label, i) =>
    taken.has(label)
      ? [
          problemAt(
            siteAt(site, ["labels", i]),
            "schema",
            `label ${code(label)} is a run status the app sets and removes itself; choose another name`,
          ),
        ]
      : [],
  );
}

function settingsOf(raw: Record<string, unknown>): RepoSettings {
  const settings: RepoSettings = {
    labels: (raw["labels"] as string[] | undefined) ?? [],
  };
  const requesters = raw["requesters"] as Partial<PeopleSpec> | undefined;
  if (requesters) {
    settings.requesters = {
      users: requesters.users ?? [],
      teams: requesters.teams ?? [],
      roles: requesters.roles ?? [],
    };
  }
  if (typeof raw["ttl"] === "number") settings.ttlMinutes = raw["ttl"];
  if (typeof raw["allowSelfApproval"] === "boolean") {
    settings.allowSelfApproval = raw["allowSelfApproval"];
  }
  return settings;
}

/**
 * The settings a repository holds, read from the same commit as the
 * workflow. Broken settings refuse the run: ignoring them could widen who
 * may request.
 */
export async function loadSettings(
  files: RepoFiles,
  repo: string,
): Promise<RepoSettings> {
  const read = await files.read(settingsPath);
  if (!read) return defaultSettings;
  const parsed =
    "text" in read
      ? parseRepoSettings(read.text)
      : { problems: [tooLarge(settingsPath, read.bytes)] };
  if (parsed.settings) return parsed.settings;
  const problems = parsed.problems
    .map((p) => `- ${p.path}:${p.line}:${p.col}: ${p.message}`)
    .join("\n");
  throw fail("AR_SETTINGS_INVALID", { repo, problems });
}
