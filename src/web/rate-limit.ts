/** How many requests per minute a bucket allows (also its burst size). */
export interface RateOptions {
  perMinute: number;
  /** Most addresses remembered; the stalest are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * An in-memory token bucket per key (a client address). Each bucket
 * refills at `perMinute` per minute up to `perMinute`, so a burst is
 * allowed once and a steady flood is held to the rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token; returns 0 when allowed, else seconds to wait. */
  take(key: string): number {
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    const perMs = this.options.perMinute / 60_000;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  private refill(key: string): Bucket {
    const now = this.now();
    const { perMinute } = this.options;
    const old = this.buckets.get(key);
    const bucket = old ?? { tokens: perMinute, at: now };
    const earned = ((now - bucket.at) * perMinute) / 60_000;
    bucket.tokens = Math.min(perMinute, bucket.tokens + earned);
    bucket.at = now;
    // Re-inserting keeps the map in least-recently-used order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forgetStale();
    return bucket;
  }

  private forgetStale(): void {
    const max = this.options.maxKeys ?? 10_000;
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) return;
      this.buckets.delete(key);
    }
  }
}
