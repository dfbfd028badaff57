/**
 * Which words of a simple command name the program to run. The lexer in
 * shell-words.ts hands each finished word here, with every value slot in
 * it (also slots nested in its `$(…)`) written as `\0`; a word that picks
 * the program must hold no slot, or a person would choose what runs.
 */

/** What the next word of a simple command is. */
export type Expect =
  | { kind: "command" }
  | { kind: "args"; codeOption?: string }
  | { kind: "code" }
  | { kind: "find"; exec: boolean; last: string }
  | {
      kind: "interp";
      spec: Interpreter;
      pending: "none" | "arg" | "code";
      optionsEnd: boolean;
      script: boolean;
    }
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
  /** Short options whose argument, and all after it, is code (`su -c`). */
  code: string;
  /** Long options (without `--`) read like `code`. */
  codeLong: readonly string[];
  /** Short options that drop the skipped words (`runuser -u`). */
  unskip: string;
  /** Whether `+x` and a lone `-` are options too (shells, `su -`). */
  plus: boolean;
  /** Whether the program word and all after it are one command line. */
  line: boolean;
}

function wrapper(short = "", long: string[] = [], skip = 0): Wrapper {
  return {
    short,
    long,
    skip,
    assignments: false,
    code: "",
    codeLong: [],
    unskip: "",
    plus: false,
    line: false,
  };
}

const shell = { ...wrapper("oO", ["rcfile", "init-file"]), plus: true };

/** `su` and `runuser`: a user, then the shell's arguments or `-c` code. */
const switchUser: Wrapper = {
  ...wrapper("gGuw", ["group", "supp-group", "user", "whitelist-environment"]),
  skip: 1,
  code: "cs",
  codeLong: ["command", "session-command", "shell"],
  plus: true,
};

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
  env: {
    ...wrapper("uC", ["unset", "chdir"]),
    assignments: true,
    code: "S",
    codeLong: ["split-string"],
    plus: true,
  },
  exec: wrapper("a"),
  command: wrapper(),
  builtin: wrapper(),
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
  su: switchUser,
  runuser: { ...switchUser, unskip: "u" },
  sg: { ...wrapper(), skip: 1, plus: true, line: true },
  flock: {
    ...wrapper("wE", ["timeout", "conflict-exit-code"], 1),
    code: "c",
    codeLong: ["command"],
  },
  // Its one positional word is the log file, never a program.
  script: {
    ...wrapper("IOBTmEo", [
      "log-in",
      "log-out",
      "log-io",
      "log-timing",
      "logging-format",
      "echo",
      "output-limit",
    ]),
    code: "c",
    codeLong: ["command"],
    skip: 1,
  },
  taskset: wrapper("", [], 1),
  unshare: wrapper("SG", ["setuid", "setgid", "monotonic", "boottime"]),
  chrt: wrapper("TPD", ["sched-runtime", "sched-period", "sched-deadline"], 1),
  prlimit: wrapper("po", ["pid", "output"]),
  busybox: wrapper(),
  // `watch` hands its words to `sh -c` as one line.
  watch: { ...wrapper("nq", ["interval", "equexit"]), line: true },
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

/** Expectations of a program's arguments, where `{` may open a group. */
const argumentKinds = new Set<Expect["kind"]>(["args", "find", "interp"]);

/**
 * Builtins that read an argument as code, an arithmetic expression or a
 * variable name (whose array subscript bash evaluates): every slot after
 * them counts as choosing what runs. `[[` evaluates its operands too.
 */
const codeBuiltins = new Set([
  "eval",
  "trap",
  "let",
  "declare",
  "typeset",
  "local",
  "export",
  "readonly",
  "read",
  "mapfile",
  "readarray",
  "[[",
]);

/**
 * Programs whose every later word may be code: `ssh` runs the words after
 * its destination as a remote command line, and option values such as
 * `-oProxyCommand=…` (or a host that reads as one) run locally.
 */
const codePrograms = new Set(["ssh"]);

/** An interpreter: options that hold code, and its script word. */
interface Interpreter {
  /** Short options whose argument is code (or a file or module run). */
  code: string;
  /** Long options (without `--`) read like `code`. */
  codeLong: readonly string[];
  /** Short options that take a plain argument (`awk -F`). */
  short: string;
  /** Short options naming a program file: no script word follows. */
  file: string;
  /** Long options (without `--`) read like `file`. */
  fileLong: readonly string[];
}

function interpreter(code: string, short = "", file = ""): Interpreter {
  return { code, codeLong: [], short, file, fileLong: [] };
}

const awk: Interpreter = {
  ...interpreter("eil", "Fv", "fE"),
  codeLong: ["source", "load", "include"],
  fileLong: ["file", "exec"],
};

/**
 * Interpreters whose first non-option word is the program (or its file),
 * unless an option gave the code already; a slot there chooses the code.
 */
const interpreters: Record<string, Interpreter> = {
  perl: interpreter("eEMm"),
  python: interpreter("cm", "WX"),
  python3: interpreter("cm", "WX"),
  ruby: interpreter("eEr", "CI"),
  node: { ...interpreter("eEpr"), codeLong: ["eval", "print", "require"] },
  php: interpreter("rBREf", "cdz"),
  lua: interpreter("el"),
  awk,
  gawk: awk,
  mawk: awk,
  sed: {
    ...interpreter("e", "l", "f"),
    codeLong: ["expression"],
    fileLong: ["file"],
  },
};

/**
 * Whether a finished simple command is a shell reading its program from
 * standard input: `… | sh` runs what the earlier stages print.
 */
export function readsInput(expect: Expect): boolean {
  if (expect.kind !== "wrapper") return false;
  return expect.spec === shell;
}

/** Programs whose words after this option are a variable name and on. */
const codeOptions: Record<string, string> = {
  printf: "-v",
  test: "-v",
  "[": "-v",
};

/** What follows `raw`, and whether `raw` names the program to run. */
export function afterWord(
  expect: Expect,
  raw: string,
): { expect: Expect; program: boolean } {
  // `{` opens a group wherever it is read as a word; be careful.
  if (raw === "{" && argumentKinds.has(expect.kind)) {
    return keep(commandStart);
  }
  if (expect.kind === "args") return argument(expect, raw);
  if (expect.kind === "code") return { expect, program: true };
  if (expect.kind === "find") return findWord(expect, raw);
  if (expect.kind === "interp") return interpreted(expect, raw);
  if (expect.kind === "wrapper") return wrapped(expect, raw);
  if (isAssignment(raw)) return assignment(expect, raw);
  if (leading.has(raw)) return keep(expect);
  return programWord(raw);
}

function keep(expect: Expect) {
  return { expect, program: false };
}

/** An argument; after `printf -v` and the like, a name and code. */
function argument(expect: Extract<Expect, { kind: "args" }>, raw: string) {
  const option = expect.codeOption;
  const word = literal(raw) ?? raw;
  if (option === undefined || !word.startsWith(option)) return keep(expect);
  return { expect: code, program: raw.includes("\0") };
}

/**
 * The program word: what it runs next depends on what it is. One that is
 * not plain text (`$SHELL`, `"$X"`) may be any program, even `eval`.
 */
function programWord(raw: string) {
  const base = literal(raw)?.split("/").at(-1);
  if (base === undefined || codeBuiltins.has(base) || codePrograms.has(base)) {
    return { expect: code, program: true };
  }
  if (base === "find") return { expect: findStart, program: true };
  const reads = interpreters[base];
  if (reads !== undefined) return { expect: interp(reads), program: true };
  const spec = wrappers[base];
  if (spec === undefined) {
    const codeOption = codeOptions[base];
    return { expect: { kind: "args", codeOption } as Expect, program: true };
  }
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

const findStart: Expect = { kind: "find", exec: false, last: "" };

/** Actions of `find` whose words, up to `;` or `{} +`, are a command. */
const findActions = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

type FindExpect = Extract<Expect, { kind: "find" }>;

/** A word of `find`: after `-exec` and up to its end, a slot is code. */
function findWord(expect: FindExpect, raw: string) {
  const word = literal(raw);
  if (!expect.exec) {
    const exec = word !== undefined && findActions.has(word);
    return keep({ kind: "find", exec, last: "" });
  }
  const ends = word === ";" || (word === "+" && expect.last === "{}");
  const next: Expect = { kind: "find", exec: !ends, last: word ?? "" };
  return { expect: next, program: raw.includes("\0") };
}

function interp(spec: Interpreter): Expect {
  return {
    kind: "interp",
    spec,
    pending: "none",
    optionsEnd: false,
    script: true,
  };
}

type InterpExpect = Extract<Expect, { kind: "interp" }>;

/** A word after an interpreter: an option, its argument, or the script. */
function interpreted(w: InterpExpect, raw: string) {
  const slot = raw.includes("\0");
  if (w.pending !== "none") {
    const program = w.pending === "code" && slot;
    return { expect: { ...w, pending: "none" } as Expect, program };
  }
  const word = literal(raw) ?? raw;
  if (!w.optionsEnd && word.startsWith("-") && word !== "-") {
    if (word === "--") return keep({ ...w, optionsEnd: true });
    const { next, script } = interpOption(w.spec, word);
    const expect: Expect = { ...w, pending: next, script: w.script && script };
    // A value joined to an option may be its code; refuse it there.
    return { expect, program: slot };
  }
  if (!w.script) return keep(w);
  return { expect: { kind: "args" } as Expect, program: true };
}

type WrapperExpect = Extract<Expect, { kind: "wrapper" }>;

/** A word after a wrapper: an option, its argument, or the program. */
function wrapped(w: WrapperExpect, raw: string) {
  if (w.pending) return keep({ ...w, pending: false });
  const word = literal(raw) ?? raw;
  if (!w.optionsEnd && isOption(w.spec, word)) {
    if (word === "--") return keep({ ...w, optionsEnd: true });
    // A value joined to an option (`-S{{ x }}`) may be the program.
    const program = raw.includes("\0");
    const taken = optionArgument(w.spec, word);
    if (taken === "code") return { expect: code, program };
    const skipped = unskips(w.spec, word) ? w.spec.skip : w.skipped;
    return { expect: { ...w, pending: taken, skipped }, program };
  }
  if (w.spec.assignments && isAssignment(raw)) return assignment(w, raw);
  if (w.skipped < w.spec.skip) return keep({ ...w, skipped: w.skipped + 1 });
  if (w.spec.line) return { expect: code, program: true };
  return programWord(raw);
}

function isOption(spec: Wrapper, word: string): boolean {
  if (word === "-") return spec.plus;
  return word.startsWith("-") || (spec.plus && /^\+./.test(word));
}

/** What follows an interpreter's option, and whether a script may. */
interface InterpOption {
  next: "none" | "arg" | "code";
  script: boolean;
}

function interpOption(spec: Interpreter, option: string): InterpOption {
  if (option.startsWith("--")) {
    const [name, value] = option.slice(2).split("=", 2);
    const joined = value !== undefined;
    if (spec.codeLong.includes(name!)) {
      return { next: joined ? "none" : "code", script: false };
    }
    if (spec.fileLong.includes(name!)) {
      return { next: joined ? "none" : "arg", script: false };
    }
    return { next: "none", script: true };
  }
  return shortOption(spec, option.slice(1));
}

/** A cluster: the rest after a letter that takes an argument is that. */
function shortOption(spec: Interpreter, letters: string): InterpOption {
  for (let i = 0; i < letters.length; i += 1) {
    const letter = letters[i]!;
    const last = i === letters.length - 1;
    if (spec.code.includes(letter)) {
      return { next: last ? "code" : "none", script: false };
    }
    if (spec.file.includes(letter)) {
      return { next: last ? "arg" : "none", script: false };
    }
    if (spec.short.includes(letter)) {
      return { next: last ? "arg" : "none", script: true };
    }
  }
  return { next: "none", script: true };
}

/** Whether an option takes the next word, and whether that is code. */
function optionArgument(spec: Wrapper, option: string): boolean | "code" {
  if (option.startsWith("--")) {
    const [name, value] = option.slice(2).split("=", 2);
    if (spec.codeLong.includes(name!)) return "code";
    return value === undefined && spec.long.includes(name!);
  }
  const letters = option.slice(1);
  for (let i = 0; i < letters.length; i += 1) {
    const letter = letters[i]!;
    if (spec.code.includes(letter)) return "code";
    // The rest of a cluster after such a letter is its argument.
    if (spec.short.includes(letter)) return i === letters.length - 1;
  }
  return false;
}

function unskips(spec: Wrapper, option: string): boolean {
  const letter = option[1];
  if (letter === undefined || option.startsWith("--")) return false;
  return spec.unskip.includes(letter);
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
