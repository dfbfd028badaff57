import { runPlayground } from "./playground/run.js";

// `npm run playground`: the interactive playground (see playground/run.ts).
runPlayground(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
