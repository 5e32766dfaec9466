import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { userActor } from '../../../tests/support/actors.js';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser } from '../../../tests/support/factories.js';
import type { Actor } from '../auth/actor.js';
import { users } from '../db/schema/index.js';
import { addComment } from './comments.js';
import { openCase } from './open-case.js';
import { getCaseDetail } from './read.js';
import { setSubscription } from './subscriptions.js';
import { triageCase } from './triage.js';
import { updateCase } from './update-case.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/**
 * The services behind the routes check the case themselves: called with a case of another partner or none at
 * all (the tenancy wall answers the API first), each says the case is not found, and the staff-only ones who
 * may act.
 */
describeEachDatabase('case services called directly', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let staff: Actor;
  let triager: Actor;
  let member: Actor;

  beforeAll(async () => {
    const actorOf = async (id: string) => {
      const [row] = await t.ctx.db.select().from(users).where(eq(users.id, id));
      if (!row) throw new Error('user not stored');
      return userActor(row);
    };
    staff = await actorOf(desk.agent.user.id);
    triager = await actorOf((await buildUser(t, { role: 'triage' })).id);
    member = await actorOf(desk.member.user.id);
  });

  it('says the case is not found, or the partner when filing for one that does not exist', async () => {
    const { partnerId } = desk;
    const notFound = (what: string) => ({ code: 'not_found', message: `${what} not found` });
    await expect(updateCase(t.ctx, staff, partnerId, NOBODY, { priority: 'high' })).rejects.toMatchObject(
      notFound('case'),
    );
    await expect(
      triageCase(t.ctx, triager, partnerId, NOBODY, { decision: 'confirm' }),
    ).rejects.toMatchObject(notFound('case'));
    await expect(addComment(t.ctx, member, partnerId, NOBODY, { body: 'Hello?' })).rejects.toMatchObject(
      notFound('case'),
    );
    await expect(setSubscription(t.ctx, member, partnerId, NOBODY, true)).rejects.toMatchObject(
      notFound('case'),
    );
    await expect(getCaseDetail(t.ctx, member, partnerId, NOBODY)).rejects.toMatchObject(notFound('case'));
    await expect(
      openCase(t.ctx, member, NOBODY, { category: 'technical_support', subject: 'Hi', description: 'There' }),
    ).rejects.toMatchObject(notFound('partner'));
  });

  it('a case of another partner is not found under this one', async () => {
    const filed = await desk.file();
    const other = (await buildPartner(t)).id;
    await expect(getCaseDetail(t.ctx, staff, other, filed.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateCase(t.ctx, staff, other, filed.id, { priority: 'high' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('tells a partner who may change or triage a case', async () => {
    const filed = await desk.file();
    await expect(
      updateCase(t.ctx, member, desk.partnerId, filed.id, { priority: 'high' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only partner support staff can change a case',
    });
    await expect(
      triageCase(t.ctx, staff, desk.partnerId, filed.id, { decision: 'confirm' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only triage and platform admins can triage cases',
    });
  });
});
