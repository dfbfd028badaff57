import {
  createAccessToken,
  getApp,
  getInstallation,
  getRepoInstallation,
} from "./apps.js";
import { createCheckRunRoute, updateCheckRunRoute } from "./checks.js";
import {
  createComment,
  deleteComment,
  getComment,
  listComments,
  reactToComment,
  updateComment,
} from "./comments.js";
import { createDispatch } from "./dispatch.js";
import {
  createIssueRoute,
  getIssue,
  listIssues,
  updateIssueRoute,
} from "./issues.js";
import { addLabelsRoute, removeLabelRoute, setLabelsRoute } from "./labels.js";
import {
  getCollaboratorPermission,
  getUser,
  listTeamMembers,
} from "./people.js";
import { getPull, listPullFiles, listPulls } from "./pulls.js";
import { getBranch, getCommit, getContent, getRepo } from "./repos.js";
import type { RouteHandler } from "./types.js";

/** The operations the stand-in serves, by the spec's operationId. */
export const routes: Readonly<Record<string, RouteHandler>> = {
  "apps/create-installation-access-token": createAccessToken,
  "apps/get-authenticated": getApp,
  "apps/get-installation": getInstallation,
  "apps/get-repo-installation": getRepoInstallation,
  "checks/create": createCheckRunRoute,
  "checks/update": updateCheckRunRoute,
  "issues/add-labels": addLabelsRoute,
  "issues/create": createIssueRoute,
  "issues/create-comment": createComment,
  "issues/delete-comment": deleteComment,
  "issues/get": getIssue,
  "issues/get-comment": getComment,
  "issues/list-comments": listComments,
  "issues/list-for-repo": listIssues,
  "issues/remove-label": removeLabelRoute,
  "issues/set-labels": setLabelsRoute,
  "issues/update": updateIssueRoute,
  "issues/update-comment": updateComment,
  "pulls/get": getPull,
  "pulls/list": listPulls,
  "pulls/list-files": listPullFiles,
  "reactions/create-for-issue-comment": reactToComment,
  "repos/create-dispatch-event": createDispatch,
  "repos/get": getRepo,
  "repos/get-branch": getBranch,
  "repos/get-collaborator-permission-level": getCollaboratorPermission,
  "repos/get-commit": getCommit,
  "repos/get-content": getContent,
  "teams/list-members-in-org": listTeamMembers,
  "users/get-by-username": getUser,
};
