import type { TokenStore } from "../auth.js";
import type { MatchedOperation } from "../operations.js";
import type { Site } from "../site.js";
import type { WebhookEvent } from "../webhooks/payloads.js";

/** What a route handler sees of the server. */
export interface RouteContext {
  readonly site: Site;
  readonly tokens: TokenStore;
  /** Whether the app hears about its own comments and issue changes. */
  readonly echoAppEvents: boolean;
}

/** A request that passed spec validation and authentication. */
export interface RouteRequest {
  readonly op: MatchedOperation;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The user acting: the app's bot for installation tokens. */
  readonly actor: string;
  /** The installation whose token (or JWT route) was used. */
  readonly installationId: number | undefined;
  /** The full URL requested, for pagination links. */
  readonly url: URL;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Webhooks GitHub would send because of what the request did. */
  readonly events?: WebhookEvent[];
}

export type RouteHandler = (
  ctx: RouteContext,
  req: RouteRequest,
) => RouteResult;
