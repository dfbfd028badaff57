/*
 * The operator config's one JSON Schema (draft-07). Every `description`
 * says what is expected; error messages quote it, never the value found,
 * because a value may be a secret written in the wrong place.
 */

type Schema = Record<string, unknown>;

/** Ranges the README states; kept here so both say the same. */
export const limits = {
  port: { minimum: 1, maximum: 65_535 },
  // setTimeout takes at most 2^31-1 ms (about 24.8 days); past it, 1 ms.
  commandTimeoutSeconds: { minimum: 1, maximum: 604_800 },
  ttlMinutes: { minimum: 1, maximum: 525_600 },
  timeoutMs: { minimum: 1, maximum: 600_000 },
} as const;

const envNamePattern = "^[A-Za-z_][A-Za-z0-9_]*$";

function integer(range: { minimum: number; maximum: number }): Schema {
  const { minimum, maximum } = range;
  const description = `an integer from ${minimum} to ${maximum}`;
  return { type: "integer", ...range, description };
}

/** A string with something other than spaces in it. */
function text(description: string, pattern = "\\S"): Schema {
  return { type: "string", pattern, description };
}

/** What `publicUrl` (or PUBLIC_URL) and `duo.baseUrl` must be. */
export const url = text(
  "an absolute http(s) URL, such as https://approvals.example.com",
  "^https?://[^/?#\\s@]+([/?#]\\S*)?$",
) as { pattern: string; description: string };

const envName = text(
  "an environment variable name (letters, digits and _)",
  envNamePattern,
);

function list(what: string): Schema {
  const items = text("a non-empty string");
  return { type: "array", items, description: `a list of ${what}` };
}

/** `<name>Path` or `<name>Env`; `required` means exactly one of them. */
function secret(name: string, required: boolean) {
  const [path, env] = [`${name}Path`, `${name}Env`];
  const properties = { [path]: text("a file path"), [env]: envName };
  const rule = required
    ? { oneOf: [{ required: [path] }, { required: [env] }] }
    : { not: { required: [path, env] } };
  return { properties, rule };
}

function hostSchema(): Schema {
  const key = secret("privateKey", true);
  const phrase = secret("passphrase", false);
  return {
    type: "object",
    description: "a mapping of host settings",
    additionalProperties: false,
    required: ["host", "user", "hostKey"],
    properties: {
      host: text("a host name or address"),
      port: integer(limits.port),
      user: text("an SSH user name"),
      ...key.properties,
      ...phrase.properties,
      hostKey: text(
        "a pinned fingerprint as `ssh-keygen -lf` prints it (SHA256: and 43 characters)",
        "^SHA256:[A-Za-z0-9+/]{43}$",
      ),
      connectTimeoutMs: integer(limits.timeoutMs),
    },
    allOf: [key.rule, phrase.rule],
  };
}

function duoSchema(): Schema {
  const skey = secret("skey", true);
  return {
    type: "object",
    description: "a mapping of Duo settings",
    additionalProperties: false,
    required: ["ikey", "host"],
    properties: {
      ikey: text("a Duo integration key"),
      ...skey.properties,
      host: text(
        "a Duo API hostname, such as api-xxxxxxxx.duosecurity.com",
        "^[A-Za-z0-9.-]+(:[0-9]{1,5})?$",
      ),
      baseUrl: url,
      users: {
        type: "object",
        description: "a mapping of GitHub login to Duo username",
        additionalProperties: text("a Duo username"),
      },
      timeoutMs: integer(limits.timeoutMs),
    },
    ...skey.rule,
  };
}

function peopleSchema(): Schema {
  return {
    type: "object",
    description: "a mapping with `users`, `teams` and `roles` lists",
    additionalProperties: false,
    properties: {
      users: list("GitHub logins"),
      teams: list("team slugs"),
      roles: list("repository roles"),
    },
  };
}

/** The whole operator config file. */
export const operatorConfigSchema: Schema = {
  type: "object",
  description: "a mapping of settings",
  additionalProperties: false,
  properties: {
    publicUrl: url,
    database: text("a SQLite file path, or :memory:"),
    hosts: {
      type: "object",
      description: "a mapping of host alias to host settings",
      additionalProperties: hostSchema(),
    },
    localAlias: text("a host alias"),
    duo: duoSchema(),
    importedApprovers: peopleSchema(),
    allowSelfApproval: { type: "boolean", description: "true or false" },
    defaultTtlMinutes: integer(limits.ttlMinutes),
    maxTtlMinutes: integer(limits.ttlMinutes),
    commandTimeoutSeconds: integer(limits.commandTimeoutSeconds),
  },
};

/** A host entry as the schema admits it. */
export interface HostEntry {
  host: string;
  port?: number;
  user: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  passphrasePath?: string;
  passphraseEnv?: string;
  hostKey: string;
  connectTimeoutMs?: number;
}

/** The Duo entry as the schema admits it. */
export interface DuoEntry {
  ikey: string;
  skeyPath?: string;
  skeyEnv?: string;
  host: string;
  baseUrl?: string;
  users?: Record<string, string>;
  timeoutMs?: number;
}

/** An operator config file as the schema admits it. */
export interface OperatorConfigFile {
  publicUrl?: string;
  database?: string;
  hosts?: Record<string, HostEntry>;
  localAlias?: string;
  duo?: DuoEntry;
  importedApprovers?: { users?: string[]; teams?: string[]; roles?: string[] };
  allowSelfApproval?: boolean;
  defaultTtlMinutes?: number;
  maxTtlMinutes?: number;
  commandTimeoutSeconds?: number;
}
