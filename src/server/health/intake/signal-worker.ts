import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { IntakeLimits } from '../signals.js';
import type { EnvelopeRefusal } from './envelope.js';
import type { PreparedBatch } from './prepare.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
type Ask = DistributiveOmit<Exclude<WorkerRequest, { kind: 'discard' }>, 'id'>;

/** A read batch waiting on the thread that read it; it cannot be prepared on another. */
export interface BatchHandle {
  readonly worker: Worker;
  readonly batch: number;
}

export type ReadResult = { handle: BatchHandle; partnerIds: string[] } | { refusal: EnvelopeRefusal };

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
  #closed = false;
  #next = 0;
  readonly #pending = new Map<
    number,
    { worker: Worker; resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();

  /** `resourceLimits` bound the thread's heap: past them it ends, its requests fail, and the next batch starts anew. */
  constructor(private readonly options: { resourceLimits?: ResourceLimits } = {}) {}

  /** The body parsed and its envelope checked; the parsed events wait on the thread for `prepare`. */
  async read(body: Uint8Array): Promise<ReadResult> {
    const worker = this.#started();
    // A body that is a whole ArrayBuffer of its own is handed over: Fastify copies every buffered body out of the
    // socket's memory, and a copy over 4 KiB is an allocation of its own. A view into a larger buffer (a pooled
    // Buffer: Node refuses to hand those over) is copied first. Copying every 1.5 MB batch instead cost the main
    // thread 5 ms of garbage collection per batch.
    const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    const own = whole && body.buffer instanceof ArrayBuffer ? body : new Uint8Array(body);
    const read = (await this.#ask(worker, { kind: 'read', body: own }, [own.buffer as ArrayBuffer])) as
      | { batch: number; partnerIds: string[] }
      | { refusal: EnvelopeRefusal };
    if ('refusal' in read) return read;
    return { handle: { worker, batch: read.batch }, partnerIds: read.partnerIds };
  }

  prepare(handle: BatchHandle, limits: IntakeLimits): Promise<PreparedBatch> {
    if (handle.worker !== this.#worker)
      return Promise.reject(new Error('signal intake worker: the thread that read this batch has ended'));
    return this.#ask(handle.worker, {
      kind: 'prepare',
      batch: handle.batch,
      limits,
    }) as Promise<PreparedBatch>;
  }

  /** Drops a read batch that will not be prepared (its request failed in between). */
  discard(handle: BatchHandle): void {
    if (handle.worker === this.#worker)
      handle.worker.postMessage({ kind: 'discard', batch: handle.batch } satisfies WorkerRequest);
  }

  /** Ends the thread for good (the app is closing): later batches are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #ask(worker: Worker, request: Ask, transfer: ArrayBuffer[] = []) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  #started(): Worker {
    if (this.#closed) throw new Error('signal intake worker: closed');
    if (this.#worker) return this.#worker;
    const worker = new Worker(ENTRY, {
      name: 'signal-intake',
      ...(compiled ? {} : { execArgv: ['--import', 'tsx'] }),
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
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
