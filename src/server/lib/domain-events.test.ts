import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  openTestDatabase,
  type TestDatabase,
} from '../../../tests/support/databases.js';
import { domainEvents, jobs } from '../db/schema/index.js';
import { createManualClock, MINUTE } from './clock.js';
import {
  type DomainEventRow,
  deliverDomainEventJob,
  pendingDomainEvents,
  recordDomainEvent,
} from './domain-events.js';

/** The outbox between capabilities: each fact recorded once, delivered once, and consumed with its effect. */
describeEachDatabase('domain events', (kind) => {
  let database: TestDatabase;
  const clock = createManualClock('2027-03-01T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  let sequence = 0;
  const fact = (type = 'case.urgent') => {
    sequence++;
    return {
      type,
      dedupKey: `${type}:${sequence}`,
      subjectId: `subject-${sequence}`,
      payload: { n: sequence },
    };
  };
  const eventRow = async (dedupKey: string) => {
    const [row] = await database.db.select().from(domainEvents).where(eq(domainEvents.dedupKey, dedupKey));
    if (!row) throw new Error(`no event ${dedupKey}`);
    return row;
  };

  it('records a fact once and queues its delivery with it, due now', async () => {
    const event = fact();
    expect(await recordDomainEvent(database.db, clock, event)).toBe(true);
    expect(await recordDomainEvent(database.db, clock, { ...event, payload: { n: -1 } })).toBe(false);
    const row = await eventRow(event.dedupKey);
    expect([row.type, row.subjectId, row.payload, row.createdAt, row.consumedAt]).toEqual([
      event.type,
      event.subjectId,
      event.payload,
      clock.now(),
      null,
    ]);
    const queued = await database.db.select().from(jobs).where(eq(jobs.name, 'domain-events.deliver'));
    expect(queued.filter((job) => (job.payload as { eventId: number }).eventId === row.id)).toMatchObject([
      { runAt: clock.now(), maxAttempts: 10, version: 1 },
    ]);
  });

  it('hands a fact to the consumer of its type once, marking it consumed in the same transaction', async () => {
    const event = fact();
    await recordDomainEvent(database.db, clock, event);
    const { id } = await eventRow(event.dedupKey);
    const seen: DomainEventRow[] = [];
    const deliver = deliverDomainEventJob(database.db, clock, {
      'case.urgent': async (_tx, row) => {
        seen.push(row);
      },
    });
    clock.advance(MINUTE);
    const context = { jobId: 1, attempt: 1, db: database.db, clock };
    await deliver.handle({ eventId: id }, context);
    await deliver.handle({ eventId: id }, context);
    expect(seen.map((row) => [row.id, row.subjectId])).toEqual([[id, event.subjectId]]);
    expect((await eventRow(event.dedupKey)).consumedAt).toEqual(clock.now());
    // An event that no longer exists is nothing to do.
    await deliver.handle({ eventId: id + 10_000 }, context);
    expect(seen).toHaveLength(1);
  });

  it('leaves a fact pending when no consumer knows its type or the consumer fails', async () => {
    const unknown = fact('nobody.listens');
    const failing = fact('case.urgent');
    await recordDomainEvent(database.db, clock, unknown);
    await recordDomainEvent(database.db, clock, failing);
    const deliver = deliverDomainEventJob(database.db, clock, {
      'case.urgent': async (tx) => {
        await tx.insert(domainEvents).values({ ...fact('written.by.consumer'), createdAt: clock.now() });
        throw new Error('the page could not be opened');
      },
    });
    const context = { jobId: 1, attempt: 1, db: database.db, clock };
    await deliver.handle({ eventId: (await eventRow(unknown.dedupKey)).id }, context);
    await expect(deliver.handle({ eventId: (await eventRow(failing.dedupKey)).id }, context)).rejects.toThrow(
      'the page could not be opened',
    );
    expect((await eventRow(unknown.dedupKey)).consumedAt).toBeNull();
    expect((await eventRow(failing.dedupKey)).consumedAt).toBeNull();
    // The consumer's own write went with its failure.
    expect(await pendingDomainEvents(database.db, 'written.by.consumer')).toEqual([]);
  });

  it('lists the pending facts of one type, oldest first, a limited number at a time', async () => {
    const type = 'report.due';
    const facts = [fact(type), fact(type), fact(type)];
    for (const event of facts) await recordDomainEvent(database.db, clock, event);
    await recordDomainEvent(database.db, clock, fact('other.type'));
    const deliver = deliverDomainEventJob(database.db, clock, { [type]: async () => {} });
    const first = await eventRow(facts[0]?.dedupKey ?? '');
    await deliver.handle({ eventId: first.id }, { jobId: 1, attempt: 1, db: database.db, clock });
    expect((await pendingDomainEvents(database.db, type)).map((e) => e.dedupKey)).toEqual([
      facts[1]?.dedupKey,
      facts[2]?.dedupKey,
    ]);
    expect((await pendingDomainEvents(database.db, type, 1)).map((e) => e.dedupKey)).toEqual([
      facts[1]?.dedupKey,
    ]);
  });
});
