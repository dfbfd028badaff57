import { fail } from "../../../errors.js";
import type {
  CheckRun,
  Comment,
  Permission,
  Repo,
  User,
  UserType,
} from "./types.js";

/** Where each kind of id starts, so that ids of kinds never look alike. */
const idBases = {
  user: 1000,
  repo: 50_000,
  issue: 100_000,
  pull: 200_000,
  comment: 300_000,
  label: 400_000,
  reaction: 500_000,
  check: 600_000,
} as const;

export type IdKind = keyof typeof idBases;

/** Everything the stand-in knows, in memory. */
export class Model {
  readonly users = new Map<string, User>();
  readonly teams = new Map<string, string[]>();
  readonly repos = new Map<string, Repo>();
  readonly comments = new Map<number, Comment>();
  readonly checkRuns = new Map<number, CheckRun>();
  readonly #counters = new Map<IdKind, number>();

  constructor(
    readonly owner: string,
    readonly bot: string,
  ) {
    this.addUser(owner, "Organization");
    this.addUser(bot, "Bot");
  }

  /** The next id of a kind; ids are unique across the server. */
  nextId(kind: IdKind): number {
    const next = (this.#counters.get(kind) ?? idBases[kind]) + 1;
    this.#counters.set(kind, next);
    return next;
  }

  /** GitHub's timestamp form: UTC, whole seconds. */
  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  addUser(login: string, type: UserType = "User"): User {
    const existing = this.users.get(login.toLowerCase());
    if (existing) return existing;
    const user = { id: this.nextId("user"), login, type };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  /** The user with this login (any case), or undefined. */
  findUser(login: string): User | undefined {
    return this.users.get(login.toLowerCase());
  }

  /** The user with this login; a test that names a stranger fails. */
  user(login: string): User {
    const found = this.findUser(login);
    if (found) return found;
    const known = [...this.users.values()].map((u) => u.login).join(", ");
    throw fail("AR_STANDIN_UNKNOWN", { kind: "user", name: login, known });
  }

  addTeam(slug: string, logins: string[]): void {
    for (const login of logins) this.user(login);
    this.teams.set(slug, [...logins]);
  }

  addRepo(
    name: string,
    options: { defaultBranch?: string; private?: boolean } = {},
  ): Repo {
    const repo: Repo = {
      id: this.nextId("repo"),
      name,
      owner: this.owner,
      createdAt: this.now(),
      defaultBranch: options.defaultBranch ?? "main",
      private: options.private ?? true,
      branches: new Map(),
      commits: new Map(),
      collaborators: new Map(),
      labels: new Map(),
      issues: new Map(),
      nextNumber: 1,
    };
    this.repos.set(name.toLowerCase(), repo);
    return repo;
  }

  findRepo(owner: string, name: string): Repo | undefined {
    if (owner.toLowerCase() !== this.owner.toLowerCase()) return undefined;
    return this.repos.get(name.toLowerCase());
  }

  repo(name: string): Repo {
    const found = this.repos.get(name.toLowerCase());
    if (found) return found;
    const known = [...this.repos.values()].map((r) => r.name).join(", ");
    throw fail("AR_STANDIN_UNKNOWN", { kind: "repository", name, known });
  }

  setPermission(repo: string, login: string, permission: Permission): void {
    this.user(login);
    this.repo(repo).collaborators.set(login.toLowerCase(), permission);
  }

  /** A user's role on a repository; the owning org's bot is not one. */
  permissionOf(repo: Repo, login: string): Permission | undefined {
    return repo.collaborators.get(login.toLowerCase());
  }

  isMember(login: string): boolean {
    const wanted = login.toLowerCase();
    return [...this.teams.values()].some((members) =>
      members.some((member) => member.toLowerCase() === wanted),
    );
  }
}
