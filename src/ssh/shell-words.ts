/**
 * A small POSIX-sh lexer that says where in a command each value slot
 * stands. A value is pasted in single quotes, which keep it one literal
 * argument only where the shell reads those quotes as quotes: as a bare
 * word, also inside `$(…)` or `<(…)`, whose body is a command of its own.
 * Everywhere else (inside the author's quotes, backticks, a comment, a
 * here-document, `${…}`, arithmetic, right after `\` or `$`) the value's
 * quotes are text or close something, so the value would be code.
 * Constructs that shells end in different places make every later slot
 * "unclear": the lexer refuses what it cannot be sure of. A bare slot in
 * a word that names the program to run is "command" (program-words.ts).
 */
import {
  afterWord,
  commandStart,
  type Expect,
  readsInput,
} from "./program-words.js";

/** Where a value slot stands in a shell command. */
export type ShellPlace =
  | "bare"
  | "single-quotes"
  | "double-quotes"
  | "ansi-c-quotes"
  | "backticks"
  | "comment"
  | "heredoc"
  | "escape"
  | "dollar"
  | "parameter"
  | "arithmetic"
  | "command"
  | "unclear";

/** A value slot: `text.slice(start, end)` is replaced by a quoted value. */
export interface Slot {
  start: number;
  end: number;
}

interface Heredoc {
  delimiter: string;
  /** `<<-` strips leading tabs from each line. */
  tabs: boolean;
  /** A quoted delimiter: no expansion, no line joining. */
  quoted: boolean;
}

/** A word being read: where it starts and the slots inside it so far. */
interface Word {
  start: number;
  slots: number[];
}

interface CommandFrame {
  kind: "command";
  parens: number;
  sub: boolean;
  /** What the next word of the current simple command is. */
  expect: Expect;
  /** The next word is a redirection's target. */
  redirect: boolean;
  word: Word | undefined;
  /** Slots in the current pipeline stage, then in its earlier stages. */
  stage: number[];
  piped: number[];
}

type Frame = CommandFrame | { kind: "dq" };

function commandFrame(sub: boolean): CommandFrame {
  return {
    kind: "command",
    parens: 0,
    sub,
    expect: commandStart,
    redirect: false,
    word: undefined,
    stage: [],
    piped: [],
  };
}

interface Lexer {
  text: string;
  slots: readonly Slot[];
  places: ShellPlace[];
  at: number;
  stack: Frame[];
  wordStart: boolean;
  unclear: boolean;
  heredocs: Heredoc[];
}

const blanks = " \t\n";
const operators = ";&|()<>";

/**
 * The place of each slot in `text`, in order. Slots must be sorted and
 * must not overlap; text inside a slot is opaque, as a value is data.
 */
export function slotPlaces(text: string, slots: readonly Slot[]): ShellPlace[] {
  const lx: Lexer = {
    text,
    slots,
    places: slots.map(() => "bare"),
    at: 0,
    stack: [commandFrame(false)],
    wordStart: true,
    unclear: false,
    heredocs: [],
  };
  while (lx.at < text.length) {
    const frame = lx.stack.at(-1)!;
    if (
      frame.kind === "command" &&
      !frame.word &&
      slotIndexAt(lx, lx.at) >= 0
    ) {
      frame.word = { start: lx.at, slots: [] };
    }
    if (takeSlot(lx, placeHere(lx))) continue;
    if (frame.kind === "dq") stepQuoted(lx);
    else stepCommand(lx, frame);
  }
  for (const frame of lx.stack.toReversed()) {
    if (frame.kind === "command") {
      endWord(lx, frame, "");
      endStage(lx, frame, false);
    }
  }
  return lx.places;
}

function placeHere(lx: Lexer): ShellPlace {
  return lx.stack.at(-1)!.kind === "dq" ? "double-quotes" : "bare";
}

/** Records the slot starting at `lx.at`, if any, and steps past it. */
function takeSlot(lx: Lexer, place: ShellPlace): boolean {
  const index = slotIndexAt(lx, lx.at);
  if (index === -1) return false;
  lx.places[index] = lx.unclear ? "unclear" : place;
  for (const frame of lx.stack) {
    if (frame.kind === "command") frame.word?.slots.push(index);
  }
  lx.at = lx.slots[index]!.end;
  lx.wordStart = false;
  return true;
}

function slotIndexAt(lx: Lexer, at: number): number {
  return lx.slots.findIndex((s) => s.start === at);
}

type Step = (lx: Lexer) => void;

function stepCommand(lx: Lexer, frame: CommandFrame): void {
  const wordStart = lx.wordStart;
  lx.wordStart = false;
  const ch = lx.text[lx.at]!;
  if (isDelimiterEnd(ch)) separate(lx, frame);
  else if (!frame.word && !(wordStart && ch === "#")) {
    frame.word = { start: lx.at, slots: [] };
  }
  const special = commandStep(lx, wordStart);
  if (special) special(lx);
  else plain(lx, frame, wordStart);
}

/** What a character special outside quotes starts, if it is one. */
function commandStep(lx: Lexer, wordStart: boolean): Step | undefined {
  const ch = lx.text[lx.at]!;
  if (ch === "'") return scanSingle;
  if (ch === '"') return (l) => open(l, { kind: "dq" }, 1);
  if (ch === "`") return scanBackticks;
  if (ch === "\\") return (l) => escapeNext(l, "escape");
  if (ch === "$") return (l) => dollar(l, true);
  if (ch === "#" && wordStart) return scanComment;
  if ("<>".includes(ch) && lx.text[lx.at + 1] === "(") return substitute;
  if (lx.text.startsWith("<<", lx.at)) return redirect;
  if (ch === "\n" && lx.heredocs.length > 0) return readBodies;
  if (wordStart && lx.text.startsWith("((", lx.at)) {
    return (l) => scanArithmetic(l, l.at + 2, "()");
  }
  return undefined;
}

/** `<(…)` and `>(…)` are a word whose body is a command of its own. */
function substitute(lx: Lexer): void {
  const frame = lx.stack.at(-1) as CommandFrame;
  frame.word = { start: lx.at, slots: [] };
  open(lx, commandFrame(true), 2);
}

/**
 * A blank or operator ends the word being read; `;`, `&`, `|`, `(`, `)`
 * and a newline start a new simple command, `<` and `>` a redirection.
 */
function separate(lx: Lexer, frame: CommandFrame): void {
  const { text, at } = lx;
  const [ch, prev, next] = [text[at]!, text[at - 1], text[at + 1]];
  endWord(lx, frame, ch);
  const inRedirect = prev === ">" || prev === "<";
  if (ch === "<" || ch === ">") {
    // `<<` reads its delimiter itself; `<<<` takes a word.
    const heredoc = text.startsWith("<<", at) && !text.startsWith("<<<", at);
    frame.redirect = next !== "(" && !heredoc;
  } else if (ch === "&" && inRedirect) {
    return; // `>&`, `<&`; bash's `&>` is `&` then `>` in dash
  } else if (ch === "|" && prev === ">") {
    return; // `>|`
  } else if (";&|()\n".includes(ch)) {
    endStage(lx, frame, isPipe(ch, prev, next));
    frame.expect = commandStart;
    frame.redirect = false;
  }
}

/**
 * `|` and bash's `|&` join stages; a paren keeps the pipeline going, as
 * `( … ) | sh` pipes the group's output. `||`, `&&`, `;`, `&` end it.
 */
function isPipe(ch: string, prev?: string, next?: string): boolean {
  if (ch === "(" || ch === ")") return true;
  if (ch === "|") return next !== "|" && prev !== "|";
  return ch === "&" && prev === "|";
}

/**
 * A stage that is a shell reading its program from standard input runs
 * what the earlier stages print: their slots are code.
 */
function endStage(lx: Lexer, frame: CommandFrame, pipe: boolean): void {
  if (readsInput(frame.expect)) markCommand(lx, frame.piped);
  frame.piped = pipe ? [...frame.piped, ...frame.stage] : [];
  frame.stage = [];
}

function markCommand(lx: Lexer, slots: readonly number[]): void {
  for (const index of slots) {
    if (lx.places[index] === "bare") lx.places[index] = "command";
  }
}

/** Judges the finished word: a program word's bare slots are "command". */
function endWord(lx: Lexer, frame: CommandFrame, boundary: string): void {
  const word = frame.word;
  if (!word) return;
  frame.word = undefined;
  frame.stage.push(...word.slots);
  const raw = outsideSlots(lx, word.start, lx.at, "\0");
  if ("<>".includes(boundary) && /^[0-9]+$/.test(raw)) return; // `2>`
  if (raw.replaceAll("\\\n", "") === "") return; // a line joint
  if (frame.redirect) {
    frame.redirect = false;
    return;
  }
  const { expect, program } = afterWord(frame.expect, raw);
  frame.expect = expect;
  if (program) markCommand(lx, word.slots);
}

function plain(lx: Lexer, frame: CommandFrame, wordStart: boolean): void {
  const ch = lx.text[lx.at]!;
  // Inside `$(…)` a `case` pattern's `)` is no closing paren.
  if (frame.sub && wordStart && isWord(lx, "case")) lx.unclear = true;
  if (frame.sub && ch === "(") frame.parens += 1;
  if (frame.sub && ch === ")") {
    if (frame.parens === 0) lx.stack.pop();
    else frame.parens -= 1;
  }
  lx.wordStart = blanks.includes(ch) || operators.includes(ch);
  lx.at += 1;
}

/** Whether the word `word` (then a blank) starts at `lx.at`. */
function isWord(lx: Lexer, word: string): boolean {
  const after = lx.text[lx.at + word.length];
  return lx.text.startsWith(word, lx.at) && blanks.includes(after ?? " ");
}

/** Inside double quotes only `\`, `"`, `` ` `` and `$` are special. */
function stepQuoted(lx: Lexer): void {
  const ch = lx.text[lx.at]!;
  if (ch === '"') {
    lx.stack.pop();
    lx.at += 1;
  } else if (ch === "\\") {
    lx.at += slotIndexAt(lx, lx.at + 1) === -1 ? 2 : 1;
  } else if (ch === "`") {
    scanBackticks(lx);
  } else if (ch === "$") {
    dollar(lx, false);
  } else {
    // A here-document's body would start inside the quotes: unclear.
    if (ch === "\n" && lx.heredocs.length > 0) lx.unclear = true;
    lx.at += 1;
  }
}

function open(lx: Lexer, frame: Frame, width: number): void {
  lx.stack.push(frame);
  lx.at += width;
  lx.wordStart = frame.kind === "command";
}

/** A backslash makes the next character, or a value's first quote, plain. */
function escapeNext(lx: Lexer, place: ShellPlace): void {
  lx.at += 1;
  if (!takeSlot(lx, place)) lx.at += 1;
}

/** `$(`, `$((`, `${`, `$[`, `$'` and `$"`; `$` before a slot. */
function dollar(lx: Lexer, unquoted: boolean): void {
  const step = dollarStep(lx, unquoted);
  if (step) {
    step(lx);
    return;
  }
  lx.at += 1;
  // bash reads `$'…'` with escapes, so a value right after `$` is code.
  if (unquoted) takeSlot(lx, "dollar");
}

function dollarStep(lx: Lexer, unquoted: boolean): Step | undefined {
  if (slotIndexAt(lx, lx.at + 1) !== -1) return undefined;
  const next = lx.text.slice(lx.at + 1, lx.at + 3);
  if (next === "((") return (l) => scanArithmetic(l, l.at + 3, "()");
  if (next[0] === "(") {
    return (l) => open(l, commandFrame(true), 2);
  }
  if (next[0] === "{") return scanParameter;
  if (next[0] === "[") return (l) => scanArithmetic(l, l.at + 2, "[]");
  if (unquoted && next[0] === "'") return scanAnsi;
  if (unquoted && next[0] === '"') return (l) => open(l, { kind: "dq" }, 2);
  return undefined;
}

/** Scans to the first `close` not in a slot, recording slots on the way. */
function scanTo(lx: Lexer, from: number, close: string, place: ShellPlace) {
  lx.at = from;
  while (lx.at < lx.text.length && lx.text[lx.at] !== close) {
    if (!takeSlot(lx, place)) lx.at += 1;
  }
  lx.at += 1;
}

function scanSingle(lx: Lexer): void {
  scanTo(lx, lx.at + 1, "'", "single-quotes");
}

/**
 * bash ends `$'…'` at a quote no backslash escapes; dash reads `$` and a
 * single-quoted string. Where those differ, what follows is unclear.
 */
function scanAnsi(lx: Lexer): void {
  const start = lx.at;
  lx.at += 2;
  while (lx.at < lx.text.length && lx.text[lx.at] !== "'") {
    if (lx.text[lx.at] === "\\") escapeNext(lx, "ansi-c-quotes");
    else if (!takeSlot(lx, "ansi-c-quotes")) lx.at += 1;
  }
  lx.at += 1;
  if (lx.text.slice(start, lx.at).includes("\\'")) lx.unclear = true;
}

/** Shells disagree on quotes inside backticks; the body is one scan. */
function scanBackticks(lx: Lexer): void {
  const start = lx.at;
  lx.at += 1;
  while (lx.at < lx.text.length && lx.text[lx.at] !== "`") {
    if (lx.text[lx.at] === "\\") escapeNext(lx, "backticks");
    else if (!takeSlot(lx, "backticks")) lx.at += 1;
  }
  lx.at += 1;
  markIfQuoting(lx, start);
}

/** A body with quotes or nested expansions may end elsewhere. */
function markIfQuoting(lx: Lexer, start: number): void {
  const body = outsideSlots(lx, start + 1, lx.at - 1);
  if (/['"`]|\$[({]/.test(body)) lx.unclear = true;
}

/** The text from `start` to `end`, each slot written as `mark`. */
function outsideSlots(lx: Lexer, start: number, end: number, mark = "") {
  let out = "";
  let at = start;
  for (const slot of lx.slots) {
    if (slot.end <= at || slot.start >= end) continue;
    out += lx.text.slice(at, slot.start) + mark;
    at = slot.end;
  }
  return out + lx.text.slice(at, end);
}

function scanParameter(lx: Lexer): void {
  const start = lx.at + 1;
  scanTo(lx, lx.at + 2, "}", "parameter");
  markIfQuoting(lx, start);
}

/** `$((…))`, `((…))` and `$[…]`: bash expands `$(…)` even in quotes. */
function scanArithmetic(lx: Lexer, from: number, pair: "()" | "[]"): void {
  const start = from - 1;
  let depth = 1;
  lx.at = from;
  while (lx.at < lx.text.length && depth > 0) {
    if (takeSlot(lx, "arithmetic")) continue;
    const ch = lx.text[lx.at];
    if (ch === pair[0]) depth += 1;
    if (ch === pair[1]) depth -= 1;
    lx.at += 1;
  }
  if (pair === "()" && lx.text[lx.at] === ")") lx.at += 1;
  markIfQuoting(lx, start);
  lx.wordStart = false;
}

/** A comment runs to the newline, which a value could carry itself. */
function scanComment(lx: Lexer): void {
  while (lx.at < lx.text.length && lx.text[lx.at] !== "\n") {
    if (!takeSlot(lx, "comment")) lx.at += 1;
  }
}

/** `<<` and `<<-` queue a here-document; bash's `<<<` takes a word. */
function redirect(lx: Lexer): void {
  if (lx.text.startsWith("<<<", lx.at)) {
    lx.at += 3;
    lx.wordStart = true;
    return;
  }
  const tabs = lx.text[lx.at + 2] === "-";
  lx.at += tabs ? 3 : 2;
  while (lx.text[lx.at] === " " || lx.text[lx.at] === "\t") lx.at += 1;
  const start = lx.at;
  while (lx.at < lx.text.length && !isDelimiterEnd(lx.text[lx.at]!)) {
    if (!takeSlot(lx, "heredoc")) lx.at += 1;
  }
  const word = lx.text.slice(start, lx.at);
  const quoted = /['"\\]/.test(word);
  // `$`, backticks or a quoted blank make the delimiter hard to read.
  if (/[$`]/.test(word) || isUnbalanced(word)) lx.unclear = true;
  lx.heredocs.push({ delimiter: word.replace(/['"\\]/g, ""), tabs, quoted });
}

function isUnbalanced(word: string): boolean {
  return ["'", '"'].some((q) => word.split(q).length % 2 === 0);
}

function isDelimiterEnd(ch: string): boolean {
  return blanks.includes(ch) || operators.includes(ch);
}

/** After the newline, each queued here-document's body, in order. */
function readBodies(lx: Lexer): void {
  lx.at += 1;
  for (const doc of lx.heredocs.splice(0)) readBody(lx, doc);
  lx.wordStart = true;
}

function readBody(lx: Lexer, doc: Heredoc): void {
  let lineStart = lx.at;
  let dirty = false;
  while (lx.at < lx.text.length) {
    if (takeSlot(lx, "heredoc")) {
      dirty = true;
      continue;
    }
    if (lx.text[lx.at] === "\n") {
      const line = lx.text.slice(lineStart, lx.at);
      lx.at += 1;
      if (!dirty && ends(line, doc)) return;
      if (!doc.quoted && /(^|[^\\])(\\\\)*\\$/.test(line)) lx.unclear = true;
      [lineStart, dirty] = [lx.at, false];
    } else lx.at += 1;
  }
  // A body that runs to the end of the command ends it, delimiter or not.
}

function ends(line: string, doc: Heredoc): boolean {
  return (doc.tabs ? line.replace(/^\t+/, "") : line) === doc.delimiter;
}
