// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not JS templates
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { quoteShell } from "../../src/ssh/quote.js";
import { type ShellPlace, slotPlaces } from "../../src/ssh/shell-words.js";
import { findExpressions } from "../../src/workflow/template.js";

function slotsOf(template: string) {
  return findExpressions(template).map((f) => ({
    start: f.offset - 2,
    end: f.offset + f.source.length + 2,
  }));
}

function placesOf(template: string): ShellPlace[] {
  return slotPlaces(template, slotsOf(template));
}

/** The command a shell gets: every slot holds `value`, shell-quoted. */
function render(template: string, value: string): string {
  let out = "";
  let last = 0;
  for (const slot of slotsOf(template)) {
    out += template.slice(last, slot.start) + quoteShell(value);
    last = slot.end;
  }
  return out + template.slice(last);
}

/**
 * [what, template, places of its `{{ … }}`, whether one of `payloads`
 * really runs in bash there]. A value inside `$(…)` stands bare: the body
 * of a command substitution is a command of its own, so the value's
 * quotes are quotes there, even when the `$(…)` sits in double quotes.
 */
const table: Array<[string, string, ShellPlace[], boolean?]> = [
  ["a plain argument", "echo restart {{ s }}", ["bare"]],
  ["text joined before", "echo --name={{ s }}", ["bare"]],
  ["text joined after", "echo {{ s }}.service", ["bare"]],
  ["two arguments", "echo {{ a }} {{ b }}", ["bare", "bare"]],
  ["after closed double quotes", 'echo "unit:" {{ s }}', ["bare"]],
  ["between closed quotes", `echo "a"{{ s }}'b'`, ["bare"]],
  [
    "inside double quotes",
    'echo "restarting {{ s }}"',
    ["double-quotes"],
    true,
  ],
  [
    "inside single quotes",
    "echo 'restarting {{ s }}'",
    ["single-quotes"],
    true,
  ],
  [
    "after an escaped quote in quotes",
    'echo "a \\" {{ s }}"',
    ["double-quotes"],
  ],
  ["after an escaped double quote", 'echo \\" {{ s }}', ["bare"]],
  ["after a single quote in double quotes", `echo "it's" {{ s }}`, ["bare"]],
  ["right after a backslash", "echo \\{{ s }}", ["escape"], true],
  ["after an escaped backslash", "echo \\\\{{ s }}", ["bare"]],
  ["inside $'…'", "echo $'a {{ s }}'", ["ansi-c-quotes"]],
  ["after $'…' with an escaped quote", "echo $'it\\'s' {{ s }}", ["unclear"]],
  ['inside $"…"', 'echo $"a {{ s }}"', ["double-quotes"]],
  ["right after $", "echo ${{ s }}", ["dollar"]],
  ["inside backticks", "echo `echo {{ s }}`", ["backticks"], true],
  ["after backticks", "echo `date` {{ s }}", ["bare"]],
  ["after backticks holding quotes", 'echo `echo "x"` {{ s }}', ["unclear"]],
  ["bare inside $(…)", "echo $(basename {{ s }})", ["bare"]],
  ["bare inside $(…) in double quotes", 'echo "$(basename {{ s }})"', ["bare"]],
  ["quoted inside $(…)", 'echo "$(echo "{{ s }}")"', ["double-quotes"], true],
  ["after $(…) in double quotes", 'echo "$(date) {{ s }}"', ["double-quotes"]],
  ["after a subshell in $(…)", "echo $( (cd /; pwd) ) {{ s }}", ["bare"]],
  [
    "after a case in $(…)",
    'echo "$(case a in a) echo x;; esac)" {{ s }}',
    ["unclear"],
  ],
  ["in a comment", "true # {{ s }}", ["comment"], true],
  ["on the line after a comment", "true # note\necho {{ s }}", ["bare"]],
  ["after # inside a word", "echo a#{{ s }}", ["bare"]],
  ["after # right after quotes", 'echo "a"#{{ s }}', ["bare"]],
  ["after a quoted #", "echo '#' {{ s }}", ["bare"]],
  ["in a here-document", "cat <<EOF\n{{ s }}\nEOF", ["heredoc"], true],
  ["in a quoted here-document", "cat <<'EOF'\n{{ s }}\nEOF", ["heredoc"], true],
  ["as a here-document's delimiter", "cat <<{{ s }}", ["heredoc"]],
  ["after a here-document", "cat <<EOF\nhi\nEOF\necho {{ s }}", ["bare"]],
  [
    "after a <<- here-document",
    "cat <<-EOF\n\thi\n\tEOF\necho {{ s }}",
    ["bare"],
  ],
  ["on the line of a here-document", "cat <<EOF {{ s }}\nhi\nEOF", ["bare"]],
  [
    "after a joined here-document line",
    "cat <<EOF\na\\\nEOF\necho {{ s }}",
    ["unclear"],
  ],
  ["as a here-string", "cat <<< {{ s }}", ["bare"]],
  ["in $((…))", "echo $(( 1 + {{ s }} ))", ["arithmetic"], true],
  ["in ((…))", "(( n = {{ s }} ))", ["arithmetic"], true],
  ["in $[…]", "echo $[ {{ s }} ]", ["arithmetic"], true],
  ["after $((…))", "echo $(( 1 + (2) )) {{ s }}", ["bare"]],
  ["inside ${…}", "echo ${X:-{{ s }}}", ["parameter"]],
  ["after ${…}", "echo ${HOME} {{ s }}", ["bare"]],
  ["after ${…} holding quotes", 'echo ${X:-"a"} {{ s }}', ["unclear"]],
  ["after a line continuation", "echo a \\\n {{ s }}", ["bare"]],
  ["after a pipe", "printf %s {{ s }}|cat", ["bare"]],
  ["in unclosed double quotes", 'echo "{{ s }}', ["double-quotes"]],
  [
    "after an expression holding quotes",
    `echo {{ 'x"y' }} '{{ s }}'`,
    ["bare", "single-quotes"],
  ],
  ["as the whole command", "{{ s }}", ["command"], true],
  ["as the program, with an option", "{{ s }} --version", ["command"], true],
  ["after ;", "true; {{ s }}", ["command"], true],
  ["after &&", "true && {{ s }}", ["command"], true],
  ["after ||", "false || {{ s }}", ["command"], true],
  ["after a pipe, as the program", "echo a | {{ s }}", ["command"], true],
  ["after &", "true & {{ s }}", ["command"], true],
  ["after a newline", "true\n{{ s }}", ["command"], true],
  ["first in $(…)", "echo $({{ s }})", ["command"], true],
  ["first in $(…) in double quotes", 'echo "$({{ s }})"', ["command"], true],
  ["first in a subshell", "( {{ s }} )", ["command"], true],
  ["first in a group", "{ {{ s }}; }", ["command"], true],
  ["after !", "! {{ s }}", ["command"], true],
  ["after if", "if {{ s }}; then :; fi", ["command"], true],
  ["after then", "if true; then {{ s }}; fi", ["command"], true],
  ["after do", "for i in 1; do {{ s }}; done", ["command"], true],
  ["after else", "if false; then :; else {{ s }}; fi", ["command"], true],
  ["after an assignment", "FOO=1 {{ s }}", ["command"], true],
  ["after a leading redirection", "2>/dev/null {{ s }}", ["command"], true],
  ["joined after a path", "/usr/bin/{{ s }}", ["command"]],
  ["joined before text", "{{ s }}ctl status", ["command"]],
  ["as $(…) that names the program", "$(echo {{ s }}) a", ["command"], true],
  ["after sudo", "sudo {{ s }}", ["command"]],
  ["after sudo -u root", "sudo -u root {{ s }}", ["command"]],
  ["after sudo --", "sudo -n -- {{ s }}", ["command"]],
  ["joined to a wrapper's option", "sudo -u{{ s }} ls", ["command"]],
  ["after env and assignments", "env A=1 {{ s }}", ["command"], true],
  ["after exec", "exec {{ s }}", ["command"], true],
  ["after command", "command {{ s }}", ["command"], true],
  ["after nohup", "nohup {{ s }}", ["command"]],
  ["after nice -n", "nice -n 5 {{ s }}", ["command"], true],
  ["after timeout's duration", "timeout 5 {{ s }}", ["command"], true],
  ["after xargs", "echo a | xargs {{ s }}", ["command"], true],
  ["after time", "time {{ s }}", ["command"]],
  ["after sudo and nice", "sudo nice {{ s }}", ["command"]],
  ["as the script of sh -c", "sh -c {{ s }}", ["command"], true],
  ["in the arguments of eval", "eval echo {{ s }}", ["command"], true],
  ["first in <(…)", "cat <({{ s }})", ["command"]],
  ["as the code of su -c", "su root -c {{ s }}", ["command"]],
  ["as su's script, after su -", "su - root {{ s }}", ["command"]],
  ["as the shell of su -s", "su -s {{ s }} root", ["command"]],
  ["after runuser -u", "runuser -u root -- {{ s }}", ["command"]],
  ["as the code of runuser -c", "runuser root -c {{ s }}", ["command"]],
  ["as the code of flock -c", "flock lock -c {{ s }}", ["command"], true],
  ["after flock's file", "flock lock {{ s }}", ["command"], true],
  ["in a script -qc cluster", "script -qc {{ s }} /dev/null", ["command"]],
  ["as script --command=", "script --command={{ s }}", ["command"]],
  ["after taskset's mask", "taskset 1 {{ s }}", ["command"], true],
  ["after unshare -S", "unshare -S 0 {{ s }}", ["command"]],
  ["after chrt's priority", "chrt -r 1 {{ s }}", ["command"]],
  ["after prlimit --pid", "prlimit --pid 1 {{ s }}", ["command"]],
  ["in the arguments of watch", "watch -n 5 echo {{ s }}", ["command"]],
  ["in the arguments of sg", "sg adm echo {{ s }}", ["command"]],
  ["after builtin eval", "builtin eval {{ s }}", ["command"]],
  ["after sh +e -c", "sh +e -c {{ s }}", ["command"], true],
  ["after bash +O's argument", "bash +O extglob -c {{ s }}", ["command"]],
  ["after bash -O's argument", "bash -O extglob -c {{ s }}", ["command"]],
  ["after env -S's line", "env -S 'sh -c' {{ s }}", ["command"], true],
  ["after an env -iS cluster", "env -iS 'sh -c' echo {{ s }}", ["command"]],
  ["after env --split-string", "env --split-string=x {{ s }}", ["command"]],
  ["after a program named by $SHELL", "$SHELL -c {{ s }}", ["command"]],
  ["after a program in $'…'", "$'eval' {{ s }}", ["command"]],
  ['after a program in "$X"', '"$X" a {{ s }}', ["command"]],
  ["as the code of trap", "trap {{ s }} EXIT", ["command"], true],
  ["in the arguments of let", "let n={{ s }}", ["command"]],
  ["in declare -i", "declare -i n={{ s }}", ["command"]],
  ["in typeset -i", "typeset -i n={{ s }}", ["command"]],
  ["in local", "local n={{ s }}", ["command"]],
  ["in export", "export PATH={{ s }}", ["command"]],
  ["in readonly", "readonly n={{ s }}", ["command"]],
  ["as read's variable", "read -r {{ s }} < /dev/null", ["command"]],
  ["in mapfile -C", "mapfile -C {{ s }} -c 1", ["command"]],
  ["in readarray", "readarray {{ s }}", ["command"]],
  ["after printf -v", "printf -v {{ s }} %s v", ["command"]],
  ["after test -v", "test -v {{ s }}", ["command"]],
  ["after [ -v", "[ -v {{ s }} ]", ["command"]],
  ["inside [[ … ]]", "[[ {{ s }} -gt 3 ]] && echo big", ["command"]],
  ["inside [[ -v … ]]", "[[ -v {{ s }} ]]", ["command"]],
  ["as an argument of a wrapped program", "nice -n 5 echo {{ s }}", ["bare"]],
  ["as timeout's duration", "timeout {{ s }} true", ["bare"]],
  ["as a wrapper option's argument", "env -u {{ s }} true", ["bare"]],
  [
    "as an argument after xargs' program",
    "echo a | xargs echo {{ s }}",
    ["bare"],
  ],
  ["as $0 of sh -c", "sh -c 'echo hi' {{ s }}", ["bare"]],
  ["as $0 of sh +e -c", "sh +e -c 'echo hi' {{ s }}", ["bare"]],
  ["after taskset's program", "taskset 1 echo {{ s }}", ["bare"]],
  ["after flock's program", "flock lock echo {{ s }}", ["bare"]],
  ["after builtin's program", "builtin echo {{ s }}", ["bare"]],
  ["after env - and its program", "env - echo {{ s }}", ["bare"]],
  ["as printf's argument", "printf %s {{ s }}", ["bare"]],
  ["as test's operand", "test -n {{ s }}", ["bare"]],
  ["after [[ … ]]", "[[ -n a ]] && echo {{ s }}", ["bare"]],
  ["in an assignment before the program", "PATH={{ s }} ls", ["command"]],
  ["in env's assignment", "env LD_PRELOAD={{ s }} ls", ["command"]],
  ["in an assignment after the program", "make CC={{ s }}", ["bare"]],
  ["after a redirection's target", "echo 2>&1 {{ s }}", ["bare"]],
  ["as a redirection's target", "echo hi >/dev/null 2>{{ s }}", ["bare"]],
  [
    "after &>, which dash reads as & then >",
    "echo &>/dev/null {{ s }}",
    ["command"],
    true,
  ],
  ["as the word of for", "for i in {{ s }}; do echo $i; done", ["bare"]],
  ["as the word of case", "case {{ s }} in a) :;; esac", ["bare"]],
  ["in <(…) after its program", "cat <(echo {{ s }})", ["bare"]],
  ["after <(…)", "diff <(echo a) {{ s }}", ["bare"]],
  ["joined to a path argument", "ls /etc/{{ s }}", ["bare"]],
  [
    "after find -exec",
    "find . -maxdepth 0 -exec {{ s }} ';'",
    ["command"],
    true,
  ],
  ["in find -execdir's words", "find . -execdir echo {{ s }} +", ["command"]],
  ["in find -ok's words", "find . -ok rm {{ s }} ';'", ["command"]],
  [
    "after a lone + in find -exec",
    "find . -exec sh + {{ s }} ';'",
    ["command"],
  ],
  ["as find -name's pattern", "find . -name {{ s }}", ["bare"]],
  ["after find -exec's ;", "find . -exec true ';' -name {{ s }}", ["bare"]],
  ["after find -exec's {} +", "find . -exec true {} + -name {{ s }}", ["bare"]],
  ["piped into sh", "echo {{ s }} | sh", ["command"], true],
  ["piped into bash -", "printf %s {{ s }} | bash -", ["command"], true],
  ["two stages before sudo sh", "echo {{ s }} | cat | sudo sh", ["command"]],
  ["piped into busybox sh", "echo {{ s }} | busybox sh", ["command"]],
  ["piped from a subshell into sh", "( echo {{ s }} ) | sh", ["command"]],
  ["piped into dash in $(…)", "echo $(echo {{ s }} | dash)", ["command"]],
  ["piped into sh -c", "echo {{ s }} | sh -c cat", ["bare"]],
  ["before || sh", "echo {{ s }} || sh", ["bare"]],
  ["piped into a bash script", "echo {{ s }} | bash ./none.sh", ["bare"]],
  ["as perl -e's code", "perl -e {{ s }}", ["command"]],
  ["joined to a perl -le cluster", "perl -le{{ s }}", ["command"]],
  ["as python3 -c's code", "python3 -c {{ s }}", ["command"]],
  ["as python3's script", "python3 {{ s }}", ["command"]],
  ["as node --eval's code", "node --eval {{ s }}", ["command"]],
  ["as ruby -e's code", "ruby -e {{ s }}", ["command"]],
  ["as php -r's code", "php -r {{ s }}", ["command"]],
  ["as lua -e's code", "lua -e {{ s }}", ["command"]],
  ["as awk's program", "awk {{ s }} /dev/null", ["command"]],
  ["as gawk's program after -F", "gawk -F : {{ s }}", ["command"]],
  ["as sed's script", "sed {{ s }} /dev/null", ["command"]],
  ["as sed -e's script", "sed -n -e {{ s }} f", ["command"]],
  ["as sed --expression=", "sed --expression={{ s }} f", ["command"]],
  ["as perl's argument after -e", "perl -e 1 {{ s }}", ["bare"]],
  ["as python3's argument after -c", "python3 -c pass {{ s }}", ["bare"]],
  ["as python3's script argument", "python3 /dev/null {{ s }}", ["bare"]],
  ["as awk's file after -f", "awk -f /dev/null {{ s }}", ["bare"]],
  ["as awk -v's value", "awk -v n={{ s }} 'BEGIN{}'", ["bare"]],
  ["as sed's file after -e", "sed -e p {{ s }}", ["bare"]],
  ["as sed -f's file", "sed -f {{ s }} /dev/null", ["bare"]],
];

/**
 * Rows only lexed, never run: running them would reach past loopback.
 * `ssh` runs every word after its destination as a remote command line,
 * and option values like `-oProxyCommand=…` (or a host that reads as
 * one) run locally.
 */
const lexedOnly: Array<[string, string, ShellPlace[]]> = [
  [
    "after ssh's destination",
    "ssh web-1 systemctl restart {{ s }}",
    ["command"],
  ],
  [
    "in ssh -o ProxyCommand=",
    "ssh -o ProxyCommand={{ s }} h true",
    ["command"],
  ],
  ["in a joined ssh -o", "ssh -oLocalCommand={{ s }} h", ["command"]],
  ["as ssh's destination", "ssh {{ s }} true", ["command"]],
  ["after sudo ssh's destination", "sudo ssh h echo {{ s }}", ["command"]],
  ["in no ssh command", "ssh host true", []],
  ["as the target of ssh's redirection", "ssh host true > {{ s }}", ["bare"]],
];

describe("where a shell reads each value slot, for remote programs", () => {
  for (const [what, template, places] of lexedOnly) {
    it(`sees a slot ${what}`, () => {
      assert.deepEqual(placesOf(template), places);
    });
  }
});

describe("where a shell reads each value slot", () => {
  for (const [what, template, places] of table) {
    it(`sees a slot ${what}`, () => {
      assert.deepEqual(placesOf(template), places);
    });
  }
});

/**
 * Values that try every way out of a misplaced slot; `pwn` is a program
 * on the test's PATH that creates `pwned`, for slots that name a program.
 */
const payloads = [
  "pwn",
  "x; pwn",
  "$(touch pwned)",
  "x`;touch pwned;`x",
  "\ntouch pwned #",
  "\nEOF\ntouch pwned #",
  "\\",
  "'",
  '"',
];

const shells = ["/bin/sh", "/bin/bash"].filter((s) => existsSync(s));

/** A folder for the runs, holding `bin/pwn`. */
function runFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "shell-words-"));
  mkdirSync(join(dir, "bin"));
  const pwn = join(dir, "bin", "pwn");
  writeFileSync(pwn, "#!/bin/sh\ntouch pwned\n");
  chmodSync(pwn, 0o755);
  return dir;
}

/** Whether the command, run in a fresh folder, created `pwned`. */
function pwns(shell: string, command: string, dir: string): boolean {
  const cwd = mkdtempSync(join(dir, "run-"));
  const env = { ...process.env, PATH: `${join(dir, "bin")}:/usr/bin:/bin` };
  spawnSync(shell, ["-c", command], {
    cwd,
    env,
    stdio: "ignore",
    timeout: 5000,
  });
  return existsSync(join(cwd, "pwned"));
}

describe("values in slots the lexer calls bare", () => {
  const dir = runFolder();
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [what, template, places] of table) {
    if (!places.every((p) => p === "bare")) continue;
    it(`stay data in sh and bash ${what}`, () => {
      for (const shell of shells) {
        for (const value of payloads) {
          const command = render(template, value);
          assert.equal(pwns(shell, command, dir), false, command);
        }
      }
    });
  }

  for (const [what, template, places, runs] of table) {
    if (!runs || !places.includes("command")) continue;
    it(`run as a program in sh ${what}, which is why it is refused`, () => {
      const ran = payloads.some((v) =>
        pwns("/bin/sh", render(template, v), dir),
      );
      assert.equal(ran, true);
    });
  }

  for (const [what, template, places, runs] of table) {
    if (!runs || places.includes("command")) continue;
    it(`run as code in bash ${what}, which is why it is refused`, () => {
      const ran = payloads.some((v) =>
        pwns("/bin/bash", render(template, v), dir),
      );
      assert.equal(ran, true);
    });
  }
});
