/**
 * Which words of a simple command name the program to run. The lexer in
 * shell-words.ts hands each finished word here, with every value slot in
 * it (also slots nested in its `$(…)`) written as `\0`; a word that picks
 * the program must hold no slot, or a person would choose what runs.
 */

/** What the next word of a simple command is. */
export type Expect =
  | { kind: "command" }
  | { kind: "args" }
  | { kind: "code" }
  | {
      kind: "wrapper";
      spec: Wrapper;
      pending: boolean;
      optionsEnd: boolean;
      skipped: number;
    };

/** A program that runs the program named by a later word. */
interface Wrapper {
  /** Short options that take the next word as their argument. */
  short: string;
  /** Long options (without `--`) that take the next word. */
  long: readonly string[];
  /** Positional words before the program (`timeout`'s duration). */
  skip: number;
  /** `NAME=value` words before the program (`env`). */
  assignments: boolean;
}

function wrapper(short = "", long: string[] = [], skip = 0): Wrapper {
  return { short, long, skip, assignments: false };
}

const shell = wrapper("oO", ["rcfile", "init-file"]);

/**
 * Wrappers whose first non-option word is run as a program; a shell's
 * `-c` script counts as that word, `.` and `source` read it as a script.
 * Unknown options are taken to take no argument.
 */
const wrappers: Record<string, Wrapper> = {
  sudo: wrapper("CDghpRrTtUu", [
    "chdir",
    "chroot",
    "close-from",
    "command-timeout",
    "group",
    "host",
    "other-user",
    "prompt",
    "role",
    "type",
    "user",
  ]),
  doas: wrapper("Cu"),
  env: { ...wrapper("uC", ["unset", "chdir"]), assignments: true },
  exec: wrapper("a"),
  command: wrapper(),
  nohup: wrapper(),
  nice: wrapper("n", ["adjustment"]),
  ionice: wrapper("cnp", ["class", "classdata", "pid"]),
  setsid: wrapper(),
  stdbuf: wrapper("ioe", ["input", "output", "error"]),
  timeout: wrapper("sk", ["signal", "kill-after"], 1),
  chroot: wrapper("", ["userspec", "groups"], 1),
  xargs: wrapper("adEILnPs", [
    "arg-file",
    "delimiter",
    "max-args",
    "max-chars",
    "max-lines",
    "max-procs",
    "process-slot-var",
  ]),
  time: wrapper("fo", ["format", "output"]),
  ".": wrapper(),
  source: wrapper(),
  sh: shell,
  bash: shell,
  dash: shell,
  ksh: shell,
  zsh: shell,
};

/** The names `wrappers` knows, for documentation and tests. */
export const wrapperNames: readonly string[] = Object.keys(wrappers);

/** Reserved words after which a command still has to start. */
const leading = new Set([
  "!",
  "{",
  "}",
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "do",
  "done",
  "while",
  "until",
  "esac",
  "coproc",
]);

export const commandStart: Expect = { kind: "command" };

/** What follows `raw`, and whether `raw` names the program to run. */
export function afterWord(
  expect: Expect,
  raw: string,
): { expect: Expect; program: boolean } {
  // `{` opens a group wherever it is read as a word; be careful.
  if (raw === "{" && expect.kind === "args") return keep(commandStart);
  if (expect.kind === "args") return keep(expect);
  if (expect.kind === "code") return { expect, program: true };
  if (expect.kind === "wrapper") return wrapped(expect, raw);
  if (isAssignment(raw)) return assignment(expect, raw);
  if (leading.has(raw)) return keep(expect);
  return programWord(raw);
}

function keep(expect: Expect) {
  return { expect, program: false };
}

/** The program word: what it runs next depends on what it is. */
function programWord(raw: string) {
  const base = literal(raw)?.split("/").at(-1);
  if (base === "eval") return { expect: code, program: true };
  const spec = base === undefined ? undefined : wrappers[base];
  if (spec === undefined) return { expect: args, program: true };
  const expect: Expect = {
    kind: "wrapper",
    spec,
    pending: false,
    optionsEnd: false,
    skipped: 0,
  };
  return { expect, program: true };
}

const code: Expect = { kind: "code" };
const args: Expect = { kind: "args" };

type WrapperExpect = Extract<Expect, { kind: "wrapper" }>;

/** A word after a wrapper: an option, its argument, or the program. */
function wrapped(w: WrapperExpect, raw: string) {
  if (w.pending) return keep({ ...w, pending: false });
  const word = literal(raw) ?? raw;
  if (!w.optionsEnd && word.startsWith("-") && word !== "-") {
    if (word === "--") return keep({ ...w, optionsEnd: true });
    // A value joined to an option (`-S{{ x }}`) may be the program.
    const pending = takesArgument(w.spec, word);
    return { expect: { ...w, pending }, program: raw.includes("\0") };
  }
  if (w.spec.assignments && isAssignment(raw)) return assignment(w, raw);
  if (w.skipped < w.spec.skip) return keep({ ...w, skipped: w.skipped + 1 });
  return programWord(raw);
}

function takesArgument(spec: Wrapper, option: string): boolean {
  if (option.startsWith("--")) {
    return !option.includes("=") && spec.long.includes(option.slice(2));
  }
  const letters = option.slice(1);
  for (let i = 0; i < letters.length; i += 1) {
    // The rest of a cluster after such a letter is its argument.
    if (spec.short.includes(letters[i]!)) return i === letters.length - 1;
  }
  return false;
}

/**
 * A variable set for the program: a value there (`PATH=…`, `LD_PRELOAD=…`)
 * can choose what runs, so a slot in it counts as choosing the program.
 */
function assignment(expect: Expect, raw: string) {
  return { expect, program: raw.includes("\0") };
}

/** `NAME=…` before any quote or slot: a variable assignment. */
function isAssignment(raw: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw);
}

/**
 * The word as the program would see it, if it is plain text: quotes and
 * backslashes removed. Expansions and slots make it unknown.
 */
function literal(raw: string): string | undefined {
  if (/[\0$`]/.test(raw)) return undefined;
  return raw
    .replaceAll("\\\n", "")
    .replace(/\\(.)/gs, "$1")
    .replace(/['"]/g, "");
}
