import { afterEach, describe, expect, it } from 'vitest';
import { prepareSignalBatch } from './prepare.js';
import { SignalWorker } from './signal-worker.js';

const P1 = '11111111-1111-4111-8111-111111111111';
const NOW = Date.parse('2027-03-01T12:00:00Z');
const at = (offset: number) => new Date(NOW + offset).toISOString();
const events = [
  {
    type: 'call',
    partnerId: P1,
    action: 'checkout',
    outcome: 'error',
    errorType: 'TIMEOUT',
    latencyMs: 900,
    merchantId: 'm1',
    at: at(-2000),
  },
  { type: 'call', partnerId: P1, action: 'checkout', outcome: 'ok', latencyMs: 40, at: at(-61_000) },
  { type: 'feed', partnerId: P1, feed: 'menu', records: 10, errors: 1, warnings: 0, at: at(-1000) },
  { type: 'merchants', partnerId: P1, serving: 3, total: 4, at: at(0) },
  { type: 'call', partnerId: P1, action: 'checkout', outcome: 'maybe', latencyMs: 1, at: at(0) },
];
const limits = { now: NOW, retentionMs: 30 * 86_400_000, knownPartners: new Set([P1]) };
const body = () => new TextEncoder().encode(JSON.stringify({ events }));

describe('SignalWorker (a real worker thread)', () => {
  const worker = new SignalWorker();
  afterEach(() => worker.close());

  it('reads and prepares a batch exactly as it is prepared on the main thread', async () => {
    const read = await worker.read(body());
    expect(read).toMatchObject({ partnerIds: [P1] });
    if ('refusal' in read) throw new Error('refused');
    const prepared = await worker.prepare(read.batch, limits);
    expect(prepared).toEqual(prepareSignalBatch(events, limits));
    expect(prepared.rejected).toEqual([{ index: 4, reason: 'outcome: must be one of ok, error' }]);
  });

  it('hands the body over: the bytes are gone from this thread once sent', async () => {
    const bytes = body();
    await worker.read(bytes);
    expect(bytes.byteLength).toBe(0);
  });

  it('answers a refusal, and refuses to prepare a batch it was told to drop', async () => {
    expect(await worker.read(new TextEncoder().encode('{"events": 1}'))).toMatchObject({
      refusal: { kind: 'schema' },
    });
    const read = await worker.read(body());
    if ('refusal' in read) throw new Error('refused');
    worker.discard(read.batch);
    await expect(worker.prepare(read.batch, limits)).rejects.toThrow(`no batch ${read.batch}`);
  });

  it('starts a new thread for the next batch once closed', async () => {
    await worker.read(body());
    await worker.close();
    expect(await worker.read(body())).toMatchObject({ partnerIds: [P1] });
  });
});
