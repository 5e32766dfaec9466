import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { auditEvents, businessCalendars, slaPolicies } from '../db/schema/index.js';
import { listAudit, recordAudit } from './service.js';

/** Which rows the audit log lists, in which order, and which of the ids they mention it names. */
describeEachDatabase('audit log rules', (kind) => {
  const t = useTestApp(kind);

  const record = (
    partnerId: string | null,
    action: string,
    change: { before?: unknown; after?: unknown } = {},
  ) =>
    recordAudit(t.ctx.db, t.clock, {
      actor: null,
      partnerId,
      action,
      subjectType: 'test',
      subjectId: randomUUID(),
      ...change,
    });

  it('lists the newest first, rows of one moment in the order written, 200 unless told, and only the partner asked for', async () => {
    const partner = await buildPartner(t);
    const other = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'admin' });
    const bulk = {
      at: t.clock.now(),
      actorLabel: 'system',
      partnerId: partner.id,
      action: 'test.bulk',
      subjectType: 'test',
    };
    await t.ctx.db
      .insert(auditEvents)
      .values(Array.from({ length: 200 }, () => ({ ...bulk, subjectId: randomUUID() })));
    t.clock.advance(1_000);
    await record(partner.id, 'test.first');
    await record(partner.id, 'test.second');
    t.clock.advance(1_000);
    await record(other.id, 'test.other');
    await record(null, 'test.platform');

    const listed = await listAudit(t.ctx, { partnerId: partner.id });
    expect(listed).toHaveLength(200);
    expect(listed.slice(0, 3).map((r) => r.action)).toEqual(['test.second', 'test.first', 'test.bulk']);
    expect(new Set(listed.map((r) => r.partnerId))).toEqual(new Set([partner.id]));

    const get = async (url: string) =>
      (await admin.request({ method: 'GET', url })).json() as { action: string }[];
    expect((await get(`/api/v1/partners/${partner.id}/audit?limit=2`)).map((r) => r.action)).toEqual([
      'test.second',
      'test.first',
    ]);
    expect((await get('/api/v1/audit?limit=2')).map((r) => r.action)).toEqual([
      'test.platform',
      'test.other',
    ]);
  });

  it('names the ids at the top of before and after, and nothing inside arrays, nested objects or longer strings', async () => {
    const partner = await buildPartner(t, { name: 'Gyoza Gateway' });
    const named = await buildUser(t, { role: 'consultant', name: 'Nina Named' });
    const nested = await buildUser(t, { role: 'consultant', name: 'Ned Nested' });
    const listedUser = await buildUser(t, { role: 'consultant', name: 'Lia Listed' });
    const now = t.clock.now();
    const [calendar] = await t.ctx.db
      .insert(businessCalendars)
      .values({
        name: 'Berlin office',
        timeZone: 'Europe/Berlin',
        weeklyHours: [],
        closures: [],
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [policy] = await t.ctx.db
      .insert(slaPolicies)
      .values({
        name: 'Gold',
        firstResponseMinutes: 60,
        resolutionMinutes: 480,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await record(partner.id, 'test.names', {
      before: [listedUser.id],
      after: {
        userId: named.id,
        calendarId: calendar?.id,
        policyId: policy?.id,
        inner: { userId: nested.id },
        note: `see ${nested.id}`,
        count: 3,
        gone: randomUUID(),
      },
    });

    const [row] = await listAudit(t.ctx, { partnerId: partner.id });
    expect(row?.names).toEqual({
      [partner.id]: 'Gyoza Gateway',
      [named.id]: 'Nina Named',
      [calendar?.id ?? '']: 'Berlin office',
      [policy?.id ?? '']: 'Gold',
    });
  });

  it('keeps the request id an audit entry is given, and none otherwise', async () => {
    const partner = await buildPartner(t);
    const entry = { actor: null, partnerId: partner.id, subjectType: 'test', subjectId: randomUUID() };
    await recordAudit(t.ctx.db, t.clock, { ...entry, action: 'test.with-request', requestId: 'req-42' });
    await recordAudit(t.ctx.db, t.clock, { ...entry, action: 'test.without-request' });
    const rows = await listAudit(t.ctx, { partnerId: partner.id });
    expect(rows.map(({ action, requestId }) => ({ action, requestId }))).toEqual([
      { action: 'test.without-request', requestId: null },
      { action: 'test.with-request', requestId: 'req-42' },
    ]);
  });
});
