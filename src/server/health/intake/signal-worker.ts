import { Worker } from 'node:worker_threads';
import type { IntakeLimits } from '../signals.js';
import type { EnvelopeRefusal } from './envelope.js';
import type { PreparedBatch } from './prepare.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export type ReadResult = { batch: number; partnerIds: string[] } | { refusal: EnvelopeRefusal };

// Built, the worker is the compiled worker.js beside this file; from the sources (tests, tsx), worker.ts, which
// needs tsx's loader in the thread too.
const compiled = import.meta.url.endsWith('.js');
const ENTRY = new URL(compiled ? './worker.js' : './worker.ts', import.meta.url);

/**
 * The main thread's side of the intake worker: one thread per app, started on the first batch and again after it
 * fails. Parsing, checking and bucketing a 10,000-event batch takes ~15 ms of JavaScript; on this thread it runs
 * beside the database work of the other batches instead of before it.
 */
export class SignalWorker {
  #worker: Worker | null = null;
  #next = 0;
  readonly #pending = new Map<
    number,
    { worker: Worker; resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();

  /** The body parsed and its envelope checked; the parsed events wait on the worker for `prepare`. */
  read(body: Uint8Array): Promise<ReadResult> {
    const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    // A body with an ArrayBuffer of its own is handed over, not copied.
    return this.#ask(
      { kind: 'read', body },
      whole ? [body.buffer as ArrayBuffer] : [],
    ) as Promise<ReadResult>;
  }

  prepare(batch: number, limits: IntakeLimits): Promise<PreparedBatch> {
    return this.#ask({ kind: 'prepare', batch, limits }) as Promise<PreparedBatch>;
  }

  /** Drops a read batch that will not be prepared (its request failed in between). */
  discard(batch: number): void {
    this.#worker?.postMessage({ kind: 'discard', batch } satisfies WorkerRequest);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #ask(
    request: DistributiveOmit<Exclude<WorkerRequest, { kind: 'discard' }>, 'id'>,
    transfer: ArrayBuffer[] = [],
  ) {
    const id = this.#next++;
    const worker = this.#started();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(ENTRY, {
      name: 'signal-intake',
      ...(compiled ? {} : { execArgv: ['--import', 'tsx'] }),
    });
    // An idle worker does not keep the process alive; the app closes it on shutdown.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!waiting) return;
      if ('error' in reply) waiting.reject(new Error(`signal intake worker: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    // The requests this thread had are lost with it; the next batch starts a new one.
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const [id, waiting] of this.#pending)
        if (waiting.worker === worker) {
          this.#pending.delete(id);
          waiting.reject(error);
        }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`signal intake worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}
