/** Which requests a fault applies to. */
export interface FaultTarget {
  /** HTTP method, any case. */
  readonly method: string;
  /** Tested against the path without `/api/v3` and without the query. */
  readonly pathPattern: RegExp;
  /** Answer only after the request had its effect. Default false. */
  readonly afterActing?: boolean;
  /** How many matching requests it applies to. Default 1. */
  readonly times?: number;
}

/** Answer matching requests with this status instead of GitHub's. */
export interface FailRule extends FaultTarget {
  readonly status: number;
}

/** Hold matching requests back this long before answering. */
export interface DelayRule extends FaultTarget {
  readonly ms: number;
}

interface Armed<T> {
  rule: T;
  left: number;
}

/** Faults armed by a test, each used up by the requests it matches. */
export class Faults {
  readonly #failures: Armed<FailRule>[] = [];
  readonly #delays: Armed<DelayRule>[] = [];

  failNext(rule: FailRule): void {
    this.#failures.push({ rule, left: rule.times ?? 1 });
  }

  delayNext(rule: DelayRule): void {
    this.#delays.push({ rule, left: rule.times ?? 1 });
  }

  /** The failure for this request, used up; undefined when none. */
  takeFailure(method: string, path: string): FailRule | undefined {
    return take(this.#failures, method, path);
  }

  takeDelay(method: string, path: string): DelayRule | undefined {
    return take(this.#delays, method, path);
  }
}

function take<T extends FaultTarget>(
  armed: Armed<T>[],
  method: string,
  path: string,
): T | undefined {
  const index = armed.findIndex(({ rule }) => {
    // A /g pattern keeps its position between tests; start afresh.
    rule.pathPattern.lastIndex = 0;
    return (
      rule.method.toUpperCase() === method.toUpperCase() &&
      rule.pathPattern.test(path)
    );
  });
  const found = armed[index];
  if (!found) return undefined;
  found.left -= 1;
  if (found.left <= 0) armed.splice(index, 1);
  return found.rule;
}
