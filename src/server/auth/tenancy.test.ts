import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { Database } from '../db/client.js';
import { contacts } from '../db/schema/index.js';
import { createTenancy, ownedByPartner } from './tenancy.js';

const db = {} as Database;
const WIDGET = '5b0e6a52-3c2e-4d4f-9a8b-0c1d2e3f4a5b';
const PARTNER = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

describe('tenancy wall', () => {
  it('passes boot when every partner route lives under :partnerId and every other parameter has an owner', () => {
    const tenancy = createTenancy();
    tenancy.ownParam('widgetId', async () => true);
    tenancy.registerRoute('/api/v1/partners/:partnerId');
    tenancy.registerRoute('/api/v1/partners/:partnerId/widgets/:widgetId');
    expect(() => tenancy.verify()).not.toThrow();
    expect(tenancy.routes).toEqual([
      '/api/v1/partners/:partnerId',
      '/api/v1/partners/:partnerId/widgets/:widgetId',
    ]);
  });

  it('stops boot at a partner route outside /api/v1/partners/:partnerId', () => {
    const tenancy = createTenancy();
    tenancy.registerRoute('/api/v1/widgets');
    expect(() => tenancy.verify()).toThrow(
      'partner route /api/v1/widgets must live under /api/v1/partners/:partnerId',
    );
  });

  it('stops boot at a partner route whose parameter nobody owns', () => {
    const tenancy = createTenancy();
    tenancy.ownParam('widgetId', async () => true);
    tenancy.registerRoute('/api/v1/partners/:partnerId/widgets/:widgetId/parts/:partId');
    expect(() => tenancy.verify()).toThrow(
      'partner route /api/v1/partners/:partnerId/widgets/:widgetId/parts/:partId uses :partId without an ownership check',
    );
  });

  it('answers 404 naming the resource unless its owner check says it is the partner’s', async () => {
    const owned = vi.fn(
      async (_db: Database, partnerId: string, id: string) => partnerId === PARTNER && id === WIDGET,
    );
    const tenancy = createTenancy();
    tenancy.ownParam('widgetId', owned);
    await expect(
      tenancy.assertOwnedParams(db, PARTNER, { partnerId: PARTNER, widgetId: WIDGET }),
    ).resolves.toBeUndefined();
    expect(owned).toHaveBeenCalledExactlyOnceWith(db, PARTNER, WIDGET);

    const other = randomUUID();
    await expect(
      tenancy.assertOwnedParams(db, other, { partnerId: other, widgetId: WIDGET }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: 'widget not found',
    });
    // A malformed id is not worth a query (it would be a database error on a uuid column).
    owned.mockClear();
    await expect(
      tenancy.assertOwnedParams(db, PARTNER, { partnerId: PARTNER, widgetId: 'w-1' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: 'widget not found',
    });
    expect(owned).not.toHaveBeenCalled();
  });

  it('fails loudly on a parameter without an owner check at request time too', async () => {
    const tenancy = createTenancy();
    await expect(
      tenancy.assertOwnedParams(db, PARTNER, { partnerId: PARTNER, gadgetId: WIDGET }),
    ).rejects.toThrow('no ownership check for :gadgetId');
  });
});

describeEachDatabase('tenancy checks on the database', (kind) => {
  const t = useTestApp(kind);

  it('owns a row by its partner_id, and tells partners apart', async () => {
    const mine = await buildPartner(t);
    const theirs = await buildPartner(t);
    const now = t.clock.now();
    const [row] = await t.ctx.db
      .insert(contacts)
      .values({
        partnerId: mine.id,
        role: 'alert',
        name: 'On call',
        email: 'oncall@example.test',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const isPartnerContact = ownedByPartner(contacts);
    expect(await isPartnerContact(t.ctx.db, mine.id, row?.id ?? '')).toBe(true);
    expect(await isPartnerContact(t.ctx.db, theirs.id, row?.id ?? '')).toBe(false);
    expect(await isPartnerContact(t.ctx.db, mine.id, randomUUID())).toBe(false);
  });

  it('knows which partners exist', async () => {
    const tenancy = createTenancy();
    const partner = await buildPartner(t);
    expect(await tenancy.partnerExists(t.ctx.db, partner.id)).toBe(true);
    expect(await tenancy.partnerExists(t.ctx.db, randomUUID())).toBe(false);
  });
});
