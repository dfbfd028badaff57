import type { Probot } from "probot";
import type { Runner } from "./engine/runner.js";
import { onCheckRunRerequested } from "./github/handlers/check-run-rerequested.js";
import { onCheckSuiteRerequested } from "./github/handlers/check-suite-rerequested.js";
import { onIssueCommentChanged } from "./github/handlers/issue-comment-changed.js";
import { onIssueCommentCreated } from "./github/handlers/issue-comment-created.js";
import { onIssuesOpened } from "./github/handlers/issues-opened.js";
import { onPullRequest } from "./github/handlers/pull-request.js";
import { onRepositoryDispatch } from "./github/handlers/repository-dispatch.js";

/** The Probot app: registers one handler per webhook event. */
export function createApp(runner: Runner) {
  return (app: Probot): void => {
    app.on("issues.opened", onIssuesOpened(runner));
    app.on("issue_comment.created", onIssueCommentCreated(runner));
    app.on(
      ["issue_comment.edited", "issue_comment.deleted"],
      onIssueCommentChanged(runner),
    );
    app.on(
      [
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.synchronize",
      ],
      onPullRequest(runner),
    );
    app.on("check_run.rerequested", onCheckRunRerequested(runner));
    app.on("check_suite.rerequested", onCheckSuiteRerequested(runner));
    app.on("repository_dispatch", onRepositoryDispatch(runner));
  };
}
