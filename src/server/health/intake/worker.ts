import { parentPort } from 'node:worker_threads';
import type { IntakeLimits } from '../signals.js';
import { readSignalBatch } from './envelope.js';
import { type PreparedBatch, prepareSignalBatch } from './prepare.js';

/*
 * The intake worker thread (signal-worker.ts starts it): reads a batch's body, then, once the main thread has
 * looked up the partners it names, checks and buckets its events. The parsed events stay here in between, so only
 * the small results cross between the threads.
 */

export type WorkerRequest =
  | { id: number; kind: 'read'; body: Uint8Array }
  | { id: number; kind: 'prepare'; batch: number; limits: IntakeLimits }
  | { kind: 'discard'; batch: number };

export type WorkerReply = { id: number; result: unknown } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as the signal intake worker thread');

const batches = new Map<number, unknown[]>();
let nextBatch = 0;

function answer(request: Exclude<WorkerRequest, { kind: 'discard' }>): unknown {
  if (request.kind === 'read') {
    const read = readSignalBatch(request.body);
    if ('refusal' in read) return read;
    const batch = nextBatch++;
    batches.set(batch, read.events);
    return { batch, partnerIds: read.partnerIds };
  }
  const events = batches.get(request.batch);
  if (!events) throw new Error(`no batch ${request.batch} on the intake worker`);
  batches.delete(request.batch);
  return prepareSignalBatch(events, request.limits);
}

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'discard') {
    batches.delete(request.batch);
    return;
  }
  let reply: WorkerReply;
  try {
    reply = { id: request.id, result: answer(request) };
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  // A prepared batch's streak columns are handed over, not copied.
  const streaks = 'result' in reply ? (reply.result as Partial<PreparedBatch>).streaks : undefined;
  const transfer = (streaks ?? []).flatMap((s) => [s.ats.buffer, s.failed.buffer] as ArrayBuffer[]);
  port.postMessage(reply, transfer);
});
