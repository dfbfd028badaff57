import type { User } from "../model/types.js";
import type { Site } from "../site.js";
import { nodeId, specExample } from "./common.js";

/** A user as GitHub embeds one (`simple-user`). */
export function simpleUser(site: Site, login: string) {
  const user = site.model.user(login);
  const url = `${site.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(nodeType(user), user.id),
    avatar_url: `${site.web}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: htmlUrl(site, user),
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

function nodeType(user: User): string {
  return user.type === "Organization" ? "Organization" : user.type;
}

function htmlUrl(site: Site, user: User): string {
  // A bot's page is its app's page.
  if (user.type === "Bot") return `${site.web}/apps/${site.appSlug}`;
  return `${site.web}/${user.login}`;
}

/** A user's public profile (`public-user`), for `GET /users/{u}`. */
export function publicUser(site: Site, login: string) {
  const example = specExample("public-user-default-response");
  const user = site.model.user(login);
  return {
    ...example,
    ...simpleUser(site, login),
    name: user.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

/** The owning organization as webhooks embed it. */
export function organization(site: Site) {
  const org = site.model.user(site.model.owner);
  const url = `${site.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${site.web}/avatars/u/${org.id}?v=4`,
    description: null,
  };
}

/** How GitHub labels a user's relation to a repository. */
export function authorAssociation(site: Site, repo: string, login: string) {
  const { model } = site;
  if (model.user(login).type === "Bot") return "NONE";
  if (model.permissionOf(model.repo(repo), login)) return "COLLABORATOR";
  return model.isMember(login) ? "MEMBER" : "NONE";
}
