import { misplacedError, misplacedValues } from "../ssh/quote.js";
import type { DraftTask } from "./draft.js";
import { soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import { braceShift, problemAt, type Site } from "./yaml-source.js";

/**
 * Each `{{ … }}` of an `ssh.run` command must stand as a bare word: only
 * there do the single quotes around its value keep it one argument.
 * Inside the author's quotes, a comment or a here-document it would run;
 * in the word that names the program it would choose what runs.
 */
export function checkValuePlaces(task: DraftTask): Problem[] {
  const command = task.input["command"];
  if (typeof command !== "string") return [];
  const at = task.inputAt["command"] ?? task.at;
  return misplaced(command).map((value) => {
    const { message } = misplacedError(task.name, value);
    return problemAt(expressionSite(at, value.index), "action-input", message);
  });
}

function misplaced(command: string) {
  try {
    // A command that is one `{{ … }}` has a problem of its own.
    if (soleExpression(command) !== undefined) return [];
    return misplacedValues(command);
  } catch {
    return []; // the template check reports the syntax
  }
}

/** The site of the `{{` that opens the `index`-th expression. */
function expressionSite(at: Site, index: number): Site {
  const brace = braceShift(at, index);
  return brace === undefined ? at : { ...at, shift: brace };
}
