import { Model } from "./model/store.js";

/** What builders need to know about the running stand-in. */
export interface Site {
  readonly model: Model;
  /** `http://127.0.0.1:<port>/api/v3`, no trailing slash. */
  readonly api: string;
  /** `http://127.0.0.1:<port>`, where html_url links point. */
  readonly web: string;
  readonly appId: number;
  readonly appSlug: string;
  readonly installationId: number;
}

/** The REST URL of a repository. */
export function repoApi(site: Site, repo: string): string {
  return `${site.api}/repos/${site.model.owner}/${repo}`;
}

/** The web URL of a repository. */
export function repoWeb(site: Site, repo: string): string {
  return `${site.web}/${site.model.owner}/${repo}`;
}

/** The model with its organization, bot and first repository. */
export function createSite(
  webUrl: string,
  options: {
    appId: number;
    appSlug: string;
    installationId?: number;
    owner?: string;
    repo?: string;
    defaultBranch?: string;
  },
): Site {
  const model = new Model(options.owner ?? "acme", `${options.appSlug}[bot]`);
  model.addRepo(options.repo ?? "runbooks", {
    defaultBranch: options.defaultBranch ?? "main",
  });
  return {
    model,
    api: `${webUrl}/api/v3`,
    web: webUrl,
    appId: options.appId,
    appSlug: options.appSlug,
    installationId: options.installationId ?? 1,
  };
}
