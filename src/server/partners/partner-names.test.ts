import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';

describeEachDatabase('partner names are unique', (kind) => {
  const t = useTestApp(kind);

  it('refuses a name another partner has in any letter case, naming the field', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const create = (name: string) =>
      admin.request({ method: 'POST', url: '/api/v1/partners', payload: { name } });
    expect((await create('Kebab Kloud')).statusCode).toBe(201);
    const again = await create('  kebab KLOUD ');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({
      code: 'conflict',
      message: 'a partner named "Kebab Kloud" already exists',
      field: 'name',
    });
  });

  it('lets exactly one of many concurrent creations of one name through', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        admin.request({
          method: 'POST',
          url: '/api/v1/partners',
          payload: { name: i % 2 ? 'Falafel Flow' : 'FALAFEL FLOW' },
        }),
      ),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const refused of responses.filter((r) => r.statusCode !== 201)) {
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.field).toBe('name');
    }
    const list = (await admin.request({ method: 'GET', url: '/api/v1/partners' })).json();
    expect(list.filter((p: { name: string }) => p.name.toLowerCase() === 'falafel flow')).toHaveLength(1);
  });

  it('refuses to convert a lead whose company is already a partner, and leaves the lead as it was', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    await admin.request({ method: 'POST', url: '/api/v1/partners', payload: { name: 'Curry Cloud' } });
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      remoteAddress: '198.51.100.77',
      payload: {
        company: 'curry cloud',
        contactName: 'Cora',
        email: 'cora@curry.example.test',
        countries: ['DE'],
        merchantCount: 3,
        integrates: 'POS',
      },
    });
    expect(submitted.statusCode).toBe(202);
    const lead = (await admin.request({ method: 'GET', url: '/api/v1/leads' }))
      .json()
      .find((l: { email: string }) => l.email === 'cora@curry.example.test');
    const converted = await admin.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/convert`,
      payload: { status: 'interested' },
    });
    expect(converted.statusCode).toBe(409);
    expect(converted.json().error.field).toBe('name');
    const after = (await admin.request({ method: 'GET', url: '/api/v1/leads' }))
      .json()
      .find((l: { id: string }) => l.id === lead.id);
    expect(after).toMatchObject({ status: 'new', partnerId: null });
  });
});
