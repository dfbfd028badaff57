#!/usr/bin/env node
// Runs every test file under test/ with node's test runner (Node 20 does not
// expand globs itself) and ends with a plain "N passed, N failed" line.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const files = find("test")
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const args = [
  "--import",
  "tsx",
  "--test",
  "--test-reporter=tap",
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
  ...(process.argv.includes("--coverage")
    ? ["--experimental-test-coverage"]
    : []),
  ...files,
];
const child = spawn(process.execPath, args, {
  stdio: ["ignore", "pipe", "inherit"],
});
let pass = 0;
let fail = 0;
let tail = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4096);
});
child.on("close", (code) => {
  pass = Number(/^# pass (\d+)/m.exec(tail)?.[1] ?? 0);
  fail = Number(/^# fail (\d+)/m.exec(tail)?.[1] ?? 0);
  console.log(`${pass} passed, ${fail} failed`);
  process.exit(code ?? 1);
});
