#!/usr/bin/env node
// The command line's entry: load TypeScript through tsx, then hand over.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/cli/main.ts");
process.exitCode = await run(process.argv);
