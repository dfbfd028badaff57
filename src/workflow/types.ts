/** A place in a workflow file, 1-based, as editors and annotations count. */
export interface Position {
  line: number;
  col: number;
}

/** A JSON Schema as written in a workflow (validated with ajv). */
export type JsonSchema = Record<string, unknown>;

/** One edge out of a task: `when` it holds, `publish` these vars, `do` these. */
export interface Transition {
  /** An expression such as `{{ succeeded() }}`; absent means `succeeded()`. */
  when?: string;
  /** Tasks to schedule next; empty means "this path ends here". */
  do: string[];
  /** Variables to publish into ctx(), each value a template. */
  publish: Record<string, unknown>;
  pos: Position;
}

export interface TaskSpec {
  name: string;
  /** The canonical action name (aliases are resolved by the loader). */
  action: string;
  /** Input values; strings may hold `{{ … }}` templates. */
  input: Record<string, unknown>;
  next: Transition[];
  pos: Position;
  /** Position of each input key's value, for precise messages. */
  inputPos: Record<string, Position>;
}

/** Who may ask for a run or answer an inquiry. */
export interface PeopleSpec {
  users: string[];
  teams: string[];
  roles: string[];
}

export interface Workflow {
  name: string;
  description: string;
  /** JSON Schema of the run's input (type object). */
  input: JsonSchema;
  /** Output values rendered into the final comment. */
  output: Record<string, unknown>;
  /** Who may request a run; absent means anyone who can open an issue. */
  requesters?: PeopleSpec;
  tasks: Record<string, TaskSpec>;
  /** Tasks that no transition leads to; the run starts with them. */
  start: string[];
  /** The file the workflow came from, relative to the repository root. */
  path: string;
  /** The format it was written in. */
  format: "native" | "mistral-v2" | "orquesta";
  /** Values ctx() holds before the input is added (Orquesta `vars`). */
  vars?: Record<string, unknown>;
}

/** What kind of problem a loader found, stable for tests and tools. */
export type ProblemCode =
  | "too-large"
  | "yaml"
  | "schema"
  | "unknown-action"
  | "unknown-task"
  | "unknown-variable"
  | "expression"
  | "action-input"
  | "host"
  | "no-approver"
  | "missing-config"
  | "no-start"
  | "unreachable"
  | "endless-loop"
  | "unsupported"
  | "file";

/** A problem found while loading or validating a workflow file. */
export interface Problem {
  path: string;
  line: number;
  col: number;
  message: string;
  /** The kind of problem; set by the workflow loaders. */
  code?: ProblemCode;
}

/** What a finished task leaves behind for expressions to read. */
export interface TaskOutcome {
  status: "succeeded" | "failed";
  result: unknown;
}

/** The data an expression may read; nothing else is reachable from one. */
export interface Scope {
  /** The run's input and every variable published so far. */
  ctx: Record<string, unknown>;
  /** Finished tasks by name, for `task('x').result`. */
  tasks: Record<string, TaskOutcome>;
  /** The task being routed, for `result()`, `succeeded()`, `failed()`. */
  current?: TaskOutcome;
}
