import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { readPage } from '../../../tests/support/page-api.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { pages } from '../db/schema/index.js';
import { type PageTrigger, triggerPage } from './open-page.js';
import { pageUrgentCase } from './urgent-cases.js';

describeEachDatabase('triggering a page', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-02-01T09:00:00Z');
  let serviceId: string;

  beforeAll(async () => {
    ({ serviceId } = await createPagedService(people.admin, [people.ana]));
  });

  const trigger = (overrides: Partial<PageTrigger>) =>
    t.ctx.db.transaction((tx) =>
      triggerPage(t.ctx, tx, {
        serviceId,
        title: 'Checkout API errors',
        source: 'monitoring',
        severity: 'warning',
        via: 'events_v2',
        ...overrides,
      }),
    );

  it('a repeated trigger answers with the page it joined, as it now reads', async () => {
    const dedupKey = randomUUID();
    const first = await trigger({ dedupKey, details: { errors: 12 } });
    expect([first.title, first.severity, first.urgency, first.status]).toEqual([
      'Checkout API errors',
      'warning',
      'low',
      'triggered',
    ]);

    t.clock.advance(60_000);
    const again = await trigger({ dedupKey, title: 'Checkout API down', severity: 'critical' });
    expect(again.id).toBe(first.id);
    expect([again.title, again.severity, again.urgency, again.details]).toEqual([
      'Checkout API down',
      'critical',
      'high',
      { errors: 12 },
    ]);
    expect(
      await t.ctx.db.select({ id: pages.id }).from(pages).where(eq(pages.dedupKey, dedupKey)),
    ).toHaveLength(1);
    const timeline = (await readPage(people.ana, first.id)).timeline;
    expect(timeline.filter((e) => e.type === 'triggered').map((e) => e.detail)).toEqual([
      { via: 'events_v2', severity: 'warning', urgency: 'low', policy: 'Monitoring' },
    ]);
    expect(timeline.filter((e) => e.type === 'trigger_joined').map((e) => e.detail)).toEqual([
      { via: 'events_v2', severity: 'critical' },
    ]);
  });

  it('an urgent-case fact about a case that is not there pages nobody, and its delivery succeeds', async () => {
    const before = await t.ctx.db.select({ id: pages.id }).from(pages);
    const caseId = randomUUID();
    await t.ctx.db.transaction((tx) =>
      pageUrgentCase(t.ctx)(tx, {
        id: 0,
        type: 'case.urgent_confirmed',
        dedupKey: `case.urgent_confirmed:${caseId}`,
        subjectId: caseId,
        payload: { caseId },
        createdAt: t.clock.now(),
        consumedAt: null,
      }),
    );
    expect(await t.ctx.db.select({ id: pages.id }).from(pages)).toEqual(before);
  });
});
