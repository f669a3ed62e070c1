import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { BoundedQueue } from './bounded-queue.js';

describe('the bounded queue', () => {
  it('runs at most `concurrency` at once, lets `maxWaiting` wait in order, refuses the rest with 503 and Retry-After', async () => {
    const queue = new BoundedQueue({ concurrency: 2, maxWaiting: 3, retryAfterSeconds: 7 });
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number) => () => {
      started.push(n);
      most = Math.max(most, ++running);
      return new Promise<number>((resolve) => releases.push(() => resolve(n))).finally(() => running--);
    };
    const results = Array.from({ length: 8 }, (_, n) => queue.run(task(n)).then((v) => v, (e: unknown) => e));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    for (let done = 0; done < 5; done++) {
      releases[done]!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const settled = await Promise.all(results);
    expect(settled.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    for (const refused of settled.slice(5)) {
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'overloaded', status: 503, headers: { 'retry-after': '7' } });
    }
  });

  it('frees the place of a task that failed, and serves again once the burst is over', async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 0, retryAfterSeconds: 1 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'again')).toBe('again');
  });
});
