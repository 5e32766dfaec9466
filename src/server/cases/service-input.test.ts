import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { userActor } from '../../../tests/support/actors.js';
import { logAfterFiling, useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser } from '../../../tests/support/factories.js';
import type { Actor } from '../auth/actor.js';
import { auditEvents } from '../db/schema/index.js';
import { openCase } from './open-case.js';
import { triageCase } from './triage.js';

/**
 * The case services check their input themselves when called without the HTTP schema in front (which trims
 * strings and refuses a bad date-time first): a bad impact start names its field, a downgrade's reason is trimmed.
 */
describeEachDatabase('case services given raw input', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let triager: Actor;

  beforeAll(async () => {
    triager = userActor(await buildUser(t, { role: 'triage' }));
  });

  const urgent = {
    category: 'urgent_technical_support',
    subject: 'Checkout down',
    description: 'Every order fails',
    urgentCriterion: 'orders_blocked',
  } as const;

  it('refuses an impact start that is not a date-time, naming impact.since', async () => {
    await expect(
      openCase(t.ctx, triager, desk.partnerId, { ...urgent, impact: { since: 'this morning' } }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: 'impact.since: is not an RFC 3339 date-time with a time zone',
      details: { field: 'impact.since' },
    });
  });

  it('stores a downgrade reason trimmed, and refuses one of spaces alone', async () => {
    const filed = await openCase(t.ctx, triager, desk.partnerId, {
      ...urgent,
      impact: { since: '2026-06-15T07:30:00Z' },
    });
    await expect(
      triageCase(t.ctx, triager, desk.partnerId, filed.id, { decision: 'downgrade', reason: '   ' }),
    ).rejects.toMatchObject({
      message: 'reason: is required to downgrade: the partner is told why',
      details: { field: 'reason', reason: 'required' },
    });
    await triageCase(t.ctx, triager, desk.partnerId, filed.id, {
      decision: 'downgrade',
      reason: '  One merchant only \n',
    });
    expect((await logAfterFiling(t, filed.id)).at(-1)).toEqual([
      'triaged',
      { decision: 'downgrade', reason: 'One merchant only' },
    ]);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.downgraded'));
    expect(audit?.after).toMatchObject({ reason: 'One merchant only' });
  });
});
