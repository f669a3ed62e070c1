// Renders certificates on worker threads: a PDF takes tens of milliseconds of pure CPU, which would otherwise
// stall every request on the event loop. Workers start on first use, each job goes to the least busy one, and
// idle workers are unref'd so they never keep the process alive. Jobs beyond the workers wait in a bounded queue
// (PDF_QUEUE_MAX); past it a request gets 503 with Retry-After rather than piling up in memory.

import { Worker } from 'node:worker_threads';
import { BoundedQueue } from '../http/bounded-queue.js';
import type { CertificateFace } from './certificate-render.js';

export interface CertificateRenderer {
  pdf(face: CertificateFace): Promise<Buffer>;
  image(face: CertificateFace): Promise<Buffer>;
  /** Renders asked for and not yet answered, drawing or waiting their turn (the metrics). */
  pending(): number;
  close(): Promise<void>;
}

type JobKind = 'pdf' | 'image';

interface PendingJob {
  resolve(bytes: Buffer): void;
  reject(error: Error): void;
}

interface WorkerSlot {
  worker: Worker;
  pending: Map<number, PendingJob>;
}

type WorkerReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const WORKER_ENTRY = new URL('./certificate-worker.js', import.meta.url);

export function createCertificateRenderer(options: { threads?: number; maxWaiting?: number } = {}): CertificateRenderer {
  const threads = Math.max(1, options.threads ?? 1);
  // A drawing takes tens of milliseconds: a couple of seconds' worth of waiting is plenty.
  const queue = new BoundedQueue({ concurrency: threads, maxWaiting: options.maxWaiting ?? 50, retryAfterSeconds: 5 });
  const slots: WorkerSlot[] = [];
  let nextJobId = 0;
  let closed = false;

  function startWorker(): WorkerSlot {
    // No inherited execArgv: the entry registers tsx itself, whatever loader flags the parent was started with.
    const slot: WorkerSlot = { worker: new Worker(WORKER_ENTRY, { execArgv: [] }), pending: new Map() };
    let failure: Error | undefined;
    slot.worker.unref();
    slot.worker.on('message', (reply: WorkerReply) => {
      const job = slot.pending.get(reply.id);
      if (!job) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) slot.worker.unref();
      if ('error' in reply) job.reject(new Error(`certificate rendering failed: ${reply.error}`));
      else job.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    });
    slot.worker.on('error', (error) => {
      failure = error;
    });
    // A dead worker fails its own jobs only; the next job starts a fresh one in its place.
    slot.worker.on('exit', (code) => {
      if (slots.includes(slot)) slots.splice(slots.indexOf(slot), 1);
      const reason = closed ? 'the certificate renderer was closed' : `the certificate worker stopped (exit code ${code})`;
      const error = new Error(failure ? `${reason}: ${failure.message}` : reason);
      for (const job of slot.pending.values()) job.reject(error);
      slot.pending.clear();
    });
    slots.push(slot);
    return slot;
  }

  function leastBusySlot(): WorkerSlot {
    const idle = slots.find((slot) => slot.pending.size === 0);
    if (idle) return idle;
    if (slots.length < threads) return startWorker();
    return slots.reduce((best, slot) => (slot.pending.size < best.pending.size ? slot : best));
  }

  function run(kind: JobKind, face: CertificateFace): Promise<Buffer> {
    if (closed) return Promise.reject(new Error('the certificate renderer is closed'));
    return queue.run(() => dispatch(kind, face));
  }

  function dispatch(kind: JobKind, face: CertificateFace): Promise<Buffer> {
    if (closed) return Promise.reject(new Error('the certificate renderer is closed'));
    const slot = leastBusySlot();
    const id = nextJobId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id, kind, face });
      } catch (error) {
        slot.pending.delete(id);
        if (slot.pending.size === 0) slot.worker.unref();
        reject(error);
      }
    });
  }

  return {
    pdf: (face) => run('pdf', face),
    image: (face) => run('image', face),
    pending: () => slots.reduce((sum, slot) => sum + slot.pending.size, 0),
    async close() {
      closed = true;
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}
