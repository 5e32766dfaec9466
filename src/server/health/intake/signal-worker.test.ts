import { afterEach, describe, expect, it } from 'vitest';
import { prepareSignalBatch } from './prepare.js';
import { type ReadResult, SignalWorker } from './signal-worker.js';

const P1 = '11111111-1111-4111-8111-111111111111';
const NOW = Date.parse('2027-03-01T12:00:00Z');
const at = (offset: number) => new Date(NOW + offset).toISOString();
const call = { type: 'call', partnerId: P1, action: 'checkout', latencyMs: 40 };
const events = [
  { ...call, outcome: 'error', errorType: 'TIMEOUT', merchantId: 'm1', at: at(-2000) },
  { ...call, outcome: 'ok', at: at(-61_000) },
  { type: 'feed', partnerId: P1, feed: 'menu', records: 10, errors: 1, warnings: 0, at: at(-1000) },
  { type: 'merchants', partnerId: P1, serving: 3, total: 4, at: at(0) },
  { ...call, outcome: 'maybe', at: at(0) },
];
const limits = { now: NOW, retentionMs: 30 * 86_400_000, knownPartners: new Set([P1]) };
const body = (of: unknown[] = events) => new TextEncoder().encode(JSON.stringify({ events: of }));

function handleOf(read: ReadResult) {
  if ('refusal' in read) throw new Error(`refused: ${JSON.stringify(read.refusal)}`);
  return read.handle;
}

describe('SignalWorker (a real worker thread)', () => {
  let worker = new SignalWorker();
  afterEach(async () => {
    await worker.close();
    worker = new SignalWorker();
  });

  it('reads and prepares a batch exactly as it is prepared on the main thread', async () => {
    const read = await worker.read(body());
    expect(read).toMatchObject({ partnerIds: [P1] });
    const prepared = await worker.prepare(handleOf(read), limits);
    expect(prepared).toEqual(prepareSignalBatch(events, limits));
    expect(prepared.rejected).toEqual([{ index: 4, reason: 'outcome: must be one of ok, error' }]);
  });

  it('hands over a body that is a buffer of its own, and copies only its own bytes out of a larger one', async () => {
    const own = body();
    expect(await worker.read(own)).toMatchObject({ partnerIds: [P1] });
    expect(own.byteLength).toBe(0);
    const text = body();
    const shared = new Uint8Array(text.byteLength + 20);
    shared.set(text, 10);
    const view = shared.subarray(10, 10 + text.byteLength);
    expect(await worker.read(view)).toMatchObject({ partnerIds: [P1] });
    expect(await worker.read(shared.subarray(0, 0))).toMatchObject({ refusal: { kind: 'json' } });
    expect([shared.byteLength, view.byteLength]).toEqual([text.byteLength + 20, text.byteLength]);
    // A small Buffer is a view into Node's pool, which Node refuses to hand over.
    expect(await worker.read(Buffer.from('{"events": []}'))).toMatchObject({ partnerIds: [] });
  });

  it('answers a refusal, and refuses to prepare a batch it was told to drop', async () => {
    expect(await worker.read(new TextEncoder().encode('{"events": 1}'))).toMatchObject({
      refusal: { kind: 'schema' },
    });
    const handle = handleOf(await worker.read(body()));
    worker.discard(handle);
    await expect(worker.prepare(handle, limits)).rejects.toThrow(`no batch ${handle.batch}`);
  });

  it('refuses every batch once closed', async () => {
    const handle = handleOf(await worker.read(body()));
    await worker.close();
    await expect(worker.read(body())).rejects.toThrow('closed');
    await expect(worker.prepare(handle, limits)).rejects.toThrow('has ended');
  });

  it('fails the requests of a thread that runs out of memory, then reads on a new one, never with its batches', async () => {
    worker = new SignalWorker({
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    const before = handleOf(await worker.read(body()));
    const huge = body(
      Array.from({ length: 400_000 }, (_, i) => ({ ...call, merchantId: `m${i}`, at: at(0) })),
    );
    await expect(worker.read(huge)).rejects.toThrow(/exited|memory/i);
    const after = handleOf(await worker.read(body()));
    expect(after.worker).not.toBe(before.worker);
    await expect(worker.prepare(before, limits)).rejects.toThrow('has ended');
    expect((await worker.prepare(after, limits)).accepted).toBe(4);
  });
});
