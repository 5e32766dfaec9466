import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  openTestDatabase,
  type TestDatabase,
} from '../../../tests/support/databases.js';
import { rowsOf } from '../db/client.js';
import { throttleSlots } from '../db/schema/index.js';
import { createManualClock, HOUR, MINUTE } from './clock.js';
import { AppError } from './errors.js';
import {
  clearSlots,
  clearSlotsUnder,
  releaseSlots,
  requireSlot,
  type SlotRule,
  THROTTLE_LOCK_CLASS,
  takeSlot,
  takeSlots,
} from './throttle.js';

describeEachDatabase('throttle', (kind) => {
  let database: TestDatabase;
  const clock = createManualClock();
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });
  let sequence = 0;
  const rule = (limit: number, windowMs = HOUR): SlotRule => ({ key: `test:${sequence++}`, limit, windowMs });
  const allowedCount = (outcomes: { allowed: boolean }[]) => outcomes.filter((o) => o.allowed).length;

  it('lets exactly `limit` of many concurrent requests through', async () => {
    const five = rule(5);
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => takeSlot(database.db, clock, five)));
    expect(allowedCount(outcomes)).toBe(5);
    // A request refused under the lock took nothing either.
    expect(
      await database.db.select().from(throttleSlots).where(eq(throttleSlots.key, five.key)),
    ).toHaveLength(5);
  });

  it('holds inside the caller’s transaction, and a rolled-back slot does not count', async () => {
    const three = rule(3);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => database.db.transaction((tx) => takeSlot(tx, clock, three))),
    );
    expect(allowedCount(outcomes)).toBe(3);
    const other = rule(1);
    await expect(
      database.db.transaction(async (tx) => {
        expect((await takeSlot(tx, clock, other)).allowed).toBe(true);
        throw new Error('the limited write failed');
      }),
    ).rejects.toThrow('the limited write failed');
    expect((await takeSlot(database.db, clock, other)).allowed).toBe(true);
  });

  it('frees a slot when its window has passed and says when that will be', async () => {
    const two = rule(2);
    expect((await takeSlot(database.db, clock, two)).allowed).toBe(true);
    clock.advance(10 * MINUTE);
    expect((await takeSlot(database.db, clock, two)).allowed).toBe(true);
    clock.advance(10 * MINUTE);
    // The first slot expires 40 minutes from now.
    expect(await takeSlot(database.db, clock, two)).toEqual({
      allowed: false,
      key: two.key,
      retryAfterSeconds: 40 * 60,
    });
    clock.advance(40 * MINUTE - 1);
    expect(await takeSlot(database.db, clock, two)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect((await takeSlot(database.db, clock, two)).allowed).toBe(true);
    expect(await takeSlot(database.db, clock, two)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 10 * 60,
    });
  });

  it('takes a slot under every rule or under none, and answers with the rule that frees up last', async () => {
    const tight = rule(1, 10 * MINUTE);
    const loose = rule(3);
    // A slot under each rule, given back together.
    const both = await takeSlots(database.db, clock, [tight, loose]);
    if (!both.allowed) throw new Error('expected slots');
    expect(both.slotIds).toHaveLength(2);
    await releaseSlots(database.db, both.slotIds);
    expect((await takeSlots(database.db, clock, [tight, loose])).allowed).toBe(true);
    expect(await takeSlots(database.db, clock, [tight, loose])).toMatchObject({
      allowed: false,
      key: tight.key,
      retryAfterSeconds: 10 * 60,
    });
    // The refused request took nothing under the loose rule: two of its three slots are still free.
    expect((await takeSlot(database.db, clock, loose)).allowed).toBe(true);
    expect((await takeSlot(database.db, clock, loose)).allowed).toBe(true);
    expect(await takeSlots(database.db, clock, [tight, loose])).toMatchObject({
      allowed: false,
      key: loose.key,
      retryAfterSeconds: 60 * 60,
    });
  });

  it('does not deadlock when requests lock overlapping keys in different orders', async () => {
    const a = rule(10);
    const b = rule(10);
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => takeSlots(database.db, clock, i % 2 ? [a, b] : [b, a])),
    );
    expect(allowedCount(outcomes)).toBe(10);
  });

  it('refuses a full key without queueing for its lock', async () => {
    const one = rule(1);
    expect((await takeSlot(database.db, clock, one)).allowed).toBe(true);
    // PGlite has one connection and runs one transaction at a time: nothing there can wait on a lock.
    if (kind === 'pglite') return;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${THROTTLE_LOCK_CLASS}, hashtext(${one.key}))`);
      locked();
      await released;
    });
    await holding;
    let settled = false;
    const queued = async () => {
      while (!settled) {
        const [waiters] = rowsOf<{ n: number }>(
          await database.db.execute(
            sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          ),
        );
        if ((waiters?.n ?? 0) > 0) return 'queued for the lock';
      }
      return 'answered';
    };
    const taking = takeSlot(database.db, clock, one);
    const watching = queued();
    const first = await Promise.race([taking, watching]);
    settled = true;
    release();
    await Promise.all([holder, taking, watching]);
    expect(first).toMatchObject({ allowed: false, key: one.key });
  });

  it('gives back released slots and forgets cleared keys', async () => {
    const one = rule(1);
    const taken = await takeSlot(database.db, clock, one);
    if (!taken.allowed) throw new Error('expected a slot');
    expect((await takeSlot(database.db, clock, one)).allowed).toBe(false);
    await releaseSlots(database.db, taken.slotIds);
    expect((await takeSlot(database.db, clock, one)).allowed).toBe(true);
    await clearSlots(database.db, one.key);
    expect((await takeSlot(database.db, clock, one)).allowed).toBe(true);

    const family = ['a%_b c', 'a%_b d'].map((suffix) => ({ ...one, key: `${one.key}:${suffix}` }));
    const lookalike = { ...one, key: `${one.key}:aX_b c` };
    for (const r of [...family, lookalike])
      expect((await takeSlot(database.db, clock, r)).allowed).toBe(true);
    await clearSlotsUnder(database.db, `${one.key}:a%_b `);
    for (const r of family) expect((await takeSlot(database.db, clock, r)).allowed).toBe(true);
    expect((await takeSlot(database.db, clock, lookalike)).allowed).toBe(false);
  });

  it('prunes expired slots as new ones are taken', async () => {
    const brief = rule(5, MINUTE);
    await takeSlot(database.db, clock, brief);
    clock.advance(MINUTE);
    await takeSlot(database.db, clock, rule(5));
    expect(await database.db.select().from(throttleSlots).where(eq(throttleSlots.key, brief.key))).toEqual(
      [],
    );
  });

  it('refuses every request under a limit of zero, for one window', async () => {
    const closed = rule(0, 5 * MINUTE);
    expect(await takeSlot(database.db, clock, closed)).toEqual({
      allowed: false,
      key: closed.key,
      retryAfterSeconds: 5 * 60,
    });
    expect(await database.db.select().from(throttleSlots).where(eq(throttleSlots.key, closed.key))).toEqual(
      [],
    );
  });

  it('names the first of two full rules that free up at the same moment', async () => {
    const first = rule(1, 10 * MINUTE);
    const second = rule(1, 10 * MINUTE);
    expect((await takeSlots(database.db, clock, [first, second])).allowed).toBe(true);
    expect(await takeSlots(database.db, clock, [first, second])).toMatchObject({ key: first.key });
    expect(await takeSlots(database.db, clock, [second, first])).toMatchObject({ key: second.key });
  });

  it('throws rate_limited with the wait when a required slot is taken', async () => {
    const once = rule(1, 90_000);
    await requireSlot(database.db, clock, once, 'too many tries');
    const error = await requireSlot(database.db, clock, once, 'too many tries').catch((caught) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect([error.code, error.message, error.details]).toEqual([
      'rate_limited',
      'too many tries',
      { retryAfterSeconds: 90 },
    ]);
  });
});
