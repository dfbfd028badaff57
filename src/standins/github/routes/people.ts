import type { Permission } from "../model/types.js";
import { paginate } from "../pagination.js";
import { publicUser, simpleUser } from "../rest/users.js";
import { errorAnswer, notFound, ok } from "./answers.js";
import { linkOf } from "./issues.js";
import { repoOf } from "./lookup.js";
import type { RouteHandler } from "./types.js";

/** GitHub's legacy `permission` folds the five roles into three. */
const legacyPermission: Record<Permission, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

export const getCollaboratorPermission: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  const { model } = ctx.site;
  const user = model.findUser(req.params["username"] ?? "");
  if (!repo) return notFound(req.op);
  if (!user || user.type === "Organization") {
    return errorAnswer(404, `${req.params["username"]} is not a user`, req.op);
  }
  const role = model.permissionOf(repo, user.login);
  return ok({
    permission: role ? legacyPermission[role] : "none",
    role_name: role ?? "none",
    user: role ? collaborator(ctx.site, user.login, role) : null,
  });
};

function collaborator(
  site: Parameters<typeof simpleUser>[0],
  login: string,
  role: Permission,
) {
  const at = (wanted: Permission[]) => wanted.includes(role);
  return {
    ...simpleUser(site, login),
    permissions: {
      admin: at(["admin"]),
      maintain: at(["admin", "maintain"]),
      push: at(["admin", "maintain", "write"]),
      triage: at(["admin", "maintain", "write", "triage"]),
      pull: true,
    },
    role_name: role,
  };
}

export const listTeamMembers: RouteHandler = (ctx, req) => {
  const { model } = ctx.site;
  const org = req.params["org"] ?? "";
  const members = model.teams.get(req.params["team_slug"] ?? "");
  if (org.toLowerCase() !== model.owner.toLowerCase() || !members) {
    return notFound(req.op);
  }
  const page = paginate(members, req.url);
  const body = page.items.map((login) => simpleUser(ctx.site, login));
  return { status: 200, body, headers: linkOf(page.link) };
};

export const getUser: RouteHandler = (ctx, req) => {
  const user = ctx.site.model.findUser(req.params["username"] ?? "");
  return user ? ok(publicUser(ctx.site, user.login)) : notFound(req.op);
};
