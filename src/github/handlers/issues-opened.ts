import type { Context } from "probot";
import { acceptRequest, refuse } from "../../engine/accept.js";
import { parseRequest } from "../../engine/request.js";
import type { Runner } from "../../engine/runner.js";
import { isAppError } from "../../errors.js";

/**
 * An issue whose body starts with `/run …`, or was written by a generated
 * issue form, becomes a run.
 */
export function onIssuesOpened(runner: Runner) {
  return async (context: Context<"issues.opened">): Promise<void> => {
    const { issue, repository, sender } = context.payload;
    const body = issue.body ?? "";
    const where = {
      runner,
      octokit: context.octokit,
      issue: {
        owner: repository.owner.login,
        repo: repository.name,
        issueNumber: issue.number,
      },
      deliveryId: context.id,
    };
    const author = issue.user;
    if (!author || sender.type !== "User") return;
    let request: ReturnType<typeof parseRequest>;
    try {
      request = parseRequest(body);
    } catch (err) {
      if (isAppError(err)) return refuse(where, err.message);
      throw err;
    }
    if (!request) return;
    await acceptRequest({
      ...where,
      installationId: context.payload.installation?.id ?? 0,
      requester: {
        id: author.id,
        login: author.login,
        type: author.type ?? "User",
      },
      body,
      request,
    });
  };
}
