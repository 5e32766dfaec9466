import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { MINUTE } from '../lib/clock.js';

/** Saved queue views belong to the staff user who saved them: listed in saving order, deleted by them alone. */
describeEachDatabase('saved queue views', (kind) => {
  const t = useTestApp(kind);
  let agent: Agent;
  let colleague: Agent;

  beforeAll(async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    agent = await signedInUser(t, { role: 'support_agent' });
    colleague = await signedInUser(t, { role: 'oncall_engineer' });
  });

  const save = (who: Agent, name: string, filters: object) =>
    who.request({ method: 'POST', url: '/api/v1/case-views', payload: { name, filters } });
  const list = async (who: Agent) =>
    (await who.request({ method: 'GET', url: '/api/v1/case-views' }))
      .json()
      .map((v: { name: string; filters: object; createdAt: string }) => [v.name, v.filters, v.createdAt]);
  const remove = (who: Agent, id: string) =>
    who.request({ method: 'DELETE', url: `/api/v1/case-views/${id}` });

  it('saves the filters as given and lists a user only their own views, oldest first', async () => {
    const breached = await save(agent, 'Breached', { slaBreached: true, status: ['open', 'in_progress'] });
    expect(breached.statusCode).toBe(201);
    expect(breached.json()).toMatchObject({
      name: 'Breached',
      filters: { slaBreached: true, status: ['open', 'in_progress'] },
      createdAt: '2026-06-15T08:00:00.000Z',
    });
    t.clock.advance(MINUTE);
    await save(agent, 'Mine', { assignee: 'me', sort: 'updated' });
    await save(colleague, 'On call', { queue: 'oncall_engineering' });
    expect(await list(agent)).toEqual([
      ['Breached', { slaBreached: true, status: ['open', 'in_progress'] }, '2026-06-15T08:00:00.000Z'],
      ['Mine', { assignee: 'me', sort: 'updated' }, '2026-06-15T08:01:00.000Z'],
    ]);
    expect(await list(colleague)).toEqual([
      ['On call', { queue: 'oncall_engineering' }, '2026-06-15T08:01:00.000Z'],
    ]);
  });

  it("deletes the owner's view; another user's view, an unknown id or no id at all is not found", async () => {
    const mine = (await save(agent, 'Doomed', { priority: 'urgent' })).json().id as string;
    expect((await remove(colleague, mine)).statusCode).toBe(404);
    expect((await list(agent)).map(([name]: [string]) => name)).toContain('Doomed');
    expect((await remove(agent, 'not-a-uuid')).statusCode).toBe(404);
    expect((await remove(agent, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await remove(agent, mine)).statusCode).toBe(204);
    expect((await list(agent)).map(([name]: [string]) => name)).not.toContain('Doomed');
    expect((await remove(agent, mine)).statusCode).toBe(404);
  });
});
