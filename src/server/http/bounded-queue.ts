/**
 * A bounded queue in front of expensive work (password hashing, certificate drawing): at most `concurrency` tasks
 * run at once, at most `maxWaiting` more wait their turn in order, and anything beyond is refused at once with
 * 503 overloaded and Retry-After. A launch-hour burst then waits briefly instead of piling up without limit
 * (each waiting request holds its socket and body; each running argon2 hash holds 19 MiB).
 */
import { overloaded } from '../errors.js';

export interface QueueLimits {
  readonly concurrency: number;
  readonly maxWaiting: number;
  /** What a refused caller is told to wait (Retry-After). */
  readonly retryAfterSeconds: number;
}

export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: QueueLimits) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.concurrency) this.running++;
    else if (this.waiting.length < this.limits.maxWaiting) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw overloaded(this.limits.retryAfterSeconds);
    try {
      return await task();
    } finally {
      // The finished task's place goes straight to the next in line, so `running` never exceeds the limit.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
