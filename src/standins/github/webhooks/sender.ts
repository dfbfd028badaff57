import { createHmac, randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { fail } from "../../../errors.js";

/** What the app answered to one delivery. */
export interface DeliveryResult {
  /** HTTP status; 0 when nothing answered (no URL, refused, timed out). */
  readonly status: number;
  readonly body: string;
}

/** One delivery as the stand-in's log keeps it. */
export interface DeliveryRecord extends DeliveryResult {
  readonly id: string;
  readonly event: string;
  readonly action: string | undefined;
  /** The exact JSON text sent and signed. */
  readonly payload: string;
  readonly redelivery: boolean;
}

export interface SenderOptions {
  readonly secret: string;
  readonly appId: number;
  readonly logger: Logger;
  url: string | undefined;
}

// GitHub gives up on a webhook after ten seconds.
const timeoutMs = 10_000;

/** Sends webhooks one at a time, in order, signed like GitHub's. */
export class WebhookSender {
  readonly log: DeliveryRecord[] = [];
  #tail: Promise<unknown> = Promise.resolve();

  constructor(readonly options: SenderOptions) {}

  /** Queues a delivery and resolves with the app's answer. */
  deliver(
    event: string,
    payload: unknown,
    options: { id?: string | undefined } = {},
  ): Promise<DeliveryResult> {
    const body = JSON.stringify(payload);
    const id = options.id ?? randomUUID();
    const redelivery = this.log.some((record) => record.id === id);
    return this.#enqueue(() => this.#send({ id, event, body, redelivery }));
  }

  /** Sends a past delivery again: same id, same bytes. */
  async redeliver(id: string): Promise<DeliveryResult> {
    const past = this.log.find((record) => record.id === id);
    if (!past) {
      throw fail("AR_STANDIN_USAGE", {
        call: `redeliver(${id})`,
        problem: "no delivery with that id was sent",
      });
    }
    const { event, payload: body } = past;
    return this.#enqueue(() =>
      this.#send({ id, event, body, redelivery: true }),
    );
  }

  /** Resolves once every queued delivery has been answered. */
  async settled(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.#tail;
      await seen;
    } while (seen !== this.#tail);
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #send(delivery: {
    id: string;
    event: string;
    body: string;
    redelivery: boolean;
  }): Promise<DeliveryResult> {
    const result = await this.#post(delivery);
    this.log.push({
      ...result,
      id: delivery.id,
      event: delivery.event,
      action: actionOf(delivery.body),
      payload: delivery.body,
      redelivery: delivery.redelivery,
    });
    const fields = { id: delivery.id, event: delivery.event, ...result };
    this.options.logger.debug(fields, "webhook delivered");
    return result;
  }

  async #post(delivery: { id: string; event: string; body: string }) {
    const url = this.options.url;
    if (!url) return { status: 0, body: "no webhook URL is set" };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: this.#headers(delivery),
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    } catch (err) {
      return { status: 0, body: `not delivered: ${String(err)}` };
    }
  }

  #headers(delivery: { id: string; event: string; body: string }) {
    const { secret, appId } = this.options;
    return {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/stand-in",
      "x-github-event": delivery.event,
      "x-github-delivery": delivery.id,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(appId),
      "x-hub-signature": `sha1=${hmac("sha1", secret, delivery.body)}`,
      "x-hub-signature-256": `sha256=${hmac("sha256", secret, delivery.body)}`,
    };
  }
}

/** HMAC of the exact body, as GitHub signs deliveries. */
export function hmac(algorithm: string, secret: string, body: string): string {
  return createHmac(algorithm, secret).update(body).digest("hex");
}

function actionOf(body: string): string | undefined {
  try {
    const action = (JSON.parse(body) as { action?: unknown }).action;
    return typeof action === "string" ? action : undefined;
  } catch {
    return undefined;
  }
}
