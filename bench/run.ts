import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Every bench/*.ts but this runner, in name order. */
function findBenches(): string[] {
  const self = basename(fileURLToPath(import.meta.url));
  return readdirSync(here)
    .filter((f) => f.endsWith(".ts") && f !== self)
    .sort();
}

/** Runs one bench in its own process, so its RSS figure is its own. */
function runBench(file: string): boolean {
  console.log(`\n== ${file}`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(here, file)],
    { stdio: "inherit" },
  );
  return result.status === 0;
}

function main(): void {
  const failed = findBenches().filter((file) => !runBench(file));
  if (failed.length > 0) {
    console.error(`\nbenches failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main();
