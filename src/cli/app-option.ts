import type { Command } from "commander";
import { fail } from "../errors.js";

/** Whose comments count as the app's. */
export interface AppOptions {
  /** The GitHub App's slug; its comments are by `<slug>[bot]`. */
  app?: string;
}

const defaultSlug = "approval-runner";

/**
 * Adds `--app <slug>`. A person's token cannot ask GitHub which app it is
 * (`GET /app` needs the app's own key), so the operator names it.
 */
export function addAppOption(command: Command): Command {
  return command.option(
    "--app <slug>",
    `the app whose comments count, as <slug>[bot] (env APPROVAL_RUNNER_APP; default ${defaultSlug})`,
  );
}

const slugPattern = /^[a-z0-9][a-z0-9-]{0,99}$/i;

/**
 * The login the app comments as, `<slug>[bot]`. A marker in a comment
 * proves nothing, since anyone can type one: only this author's count.
 */
export function appLoginOf(
  options: AppOptions,
  env: Record<string, string | undefined>,
): string {
  const given = options.app ?? env["APPROVAL_RUNNER_APP"] ?? defaultSlug;
  const slug = given.replace(/\[bot\]$/, "");
  if (slugPattern.test(slug)) return `${slug.toLowerCase()}[bot]`;
  throw fail("AR_CLI_OPTION", {
    option: "--app",
    value: `\`${given.slice(0, 100)}\``,
    expected: `a GitHub App's slug, e.g. ${defaultSlug} (or set APPROVAL_RUNNER_APP)`,
  });
}
