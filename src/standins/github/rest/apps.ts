import type { Site } from "../site.js";
import { nodeId } from "./common.js";
import { simpleUser } from "./users.js";

/** What the stand-in's app may do, as GitHub lists an app's permissions. */
export const appPermissions = {
  checks: "write",
  contents: "read",
  issues: "write",
  members: "read",
  metadata: "read",
  pull_requests: "read",
} as const;

const appEvents = [
  "check_run",
  "check_suite",
  "issue_comment",
  "issues",
  "pull_request",
  "repository_dispatch",
];

const since = "2024-01-01T00:00:00Z";

/** The app itself (`integration`), for `GET /app`. */
export function integration(site: Site) {
  return {
    id: site.appId,
    slug: site.appSlug,
    client_id: `Iv1.${site.appSlug.replace(/\W/g, "").slice(0, 16)}`,
    node_id: nodeId("Integration", site.appId),
    owner: simpleUser(site, site.model.owner),
    name: site.appSlug,
    description: "",
    external_url: `${site.web}/apps/${site.appSlug}`,
    html_url: `${site.web}/apps/${site.appSlug}`,
    created_at: since,
    updated_at: since,
    permissions: { ...appPermissions },
    events: [...appEvents],
  };
}

/** The app's one installation, on the owning organization. */
export function installation(site: Site) {
  const id = site.installationId;
  const owner = site.model.user(site.model.owner);
  return {
    id,
    account: simpleUser(site, owner.login),
    access_tokens_url: `${site.api}/app/installations/${id}/access_tokens`,
    repositories_url: `${site.api}/installation/repositories`,
    html_url: `${site.web}/organizations/${owner.login}/settings/installations/${id}`,
    app_id: site.appId,
    app_slug: site.appSlug,
    target_id: owner.id,
    target_type: "Organization",
    permissions: { ...appPermissions },
    events: [...appEvents],
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    repository_selection: "all",
    created_at: since,
    updated_at: since,
    suspended_at: null,
    suspended_by: null,
  };
}

/** The reply to a token exchange (`installation-token`). */
export function installationToken(token: string, expiresAt: Date) {
  return {
    token,
    expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    permissions: { ...appPermissions },
    repository_selection: "all",
  };
}
