import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../../tests/support/factories.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import type { Actor } from '../../auth/actor.js';
import { auditEvents, healthRuleDefaults, partnerHealthRules } from '../../db/schema/index.js';
import { ruleSettingsFor } from './queries.js';
import { replacePartnerRules, replacePlatformRules } from './service.js';

describeEachDatabase('health rule settings', (kind) => {
  const t = useTestApp(kind);

  it('starts at the programme’s figures, and a platform override reaches every partner but the ones that differ', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const [a, b] = [await buildPartner(t), await buildPartner(t)];
    const fresh = (await admin.request({ method: 'GET', url: '/api/v1/health-rules' })).json();
    expect(fresh.settings.burnRate.objectives.checkout).toBe(0.99);
    expect(fresh.settings.burnRate.alerts.pageFast).toEqual({
      severity: 'critical',
      factor: 14.4,
      longMinutes: 60,
      shortMinutes: 5,
    });
    expect(fresh.settings.errorIncrease).toMatchObject({ windowMinutes: 10, minPoints: 0.05, minFactor: 3 });
    expect(fresh.settings.hardDown).toEqual({
      maxConsecutiveFailures: 5,
      downMinutes: 60,
      autoDisableIntegration: false,
    });
    expect(fresh.overrides).toEqual({});

    const put = await admin.request({
      method: 'PUT',
      url: '/api/v1/health-rules',
      payload: { burnRate: { objectives: { checkout: 0.995 } }, feeds: { staleHours: 12 } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().settings.burnRate.objectives).toEqual({
      checkout: 0.995,
      submit_order: 0.99,
      order_update: 0.99,
    });

    const partnerPut = await admin.request({
      method: 'PUT',
      url: `/api/v1/partners/${b.id}/health-rules`,
      payload: { feeds: { staleHours: 48 }, hardDown: { autoDisableIntegration: true } },
    });
    expect(partnerPut.statusCode).toBe(200);
    expect(partnerPut.json()).toMatchObject({
      overrides: { feeds: { staleHours: 48 }, hardDown: { autoDisableIntegration: true } },
      platform: { feeds: { staleHours: 12 } },
      settings: { feeds: { staleHours: 48 }, burnRate: { objectives: { checkout: 0.995 } } },
    });
    expect((await ruleSettingsFor(t.ctx.db, a.id)).feeds.staleHours).toBe(12);
    expect((await ruleSettingsFor(t.ctx.db, b.id)).feeds.staleHours).toBe(48);
    expect((await ruleSettingsFor(t.ctx.db, b.id)).hardDown.autoDisableIntegration).toBe(true);

    const member = await signedInUser(t, { role: 'partner_member', partnerId: b.id });
    const seen = await member.request({ method: 'GET', url: `/api/v1/partners/${b.id}/health-rules` });
    expect(seen.json().settings.feeds.staleHours).toBe(48);
    expect(
      (await member.request({ method: 'GET', url: `/api/v1/partners/${a.id}/health-rules` })).statusCode,
    ).toBe(404);
    const memberPut = await member.request({
      method: 'PUT',
      url: `/api/v1/partners/${b.id}/health-rules`,
      payload: {},
    });
    expect(memberPut.statusCode).toBe(403);

    const audited = (await t.ctx.db.select().from(auditEvents)).map((e) => e.action);
    expect(audited).toEqual(expect.arrayContaining(['health.rules_changed', 'health.partner_rules_changed']));

    await admin.request({ method: 'PUT', url: '/api/v1/health-rules', payload: {} });
    expect((await ruleSettingsFor(t.ctx.db, a.id)).feeds.staleHours).toBe(24);
  });

  it('refuses out-of-range values, unknown fields and incoherent windows, naming the field', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const agent = await signedInUser(t, { role: 'support_agent' });
    const refused = async (payload: object) => {
      const response = await admin.request({ method: 'PUT', url: '/api/v1/health-rules', payload });
      expect(response.statusCode).toBe(400);
      return response.json().error.field as string;
    };
    expect(await refused({ burnRate: { objectives: { checkout: 1 } } })).toBe('burnRate.objectives.checkout');
    expect(await refused({ errorIncrease: { minPoints: 1.5 } })).toBe('errorIncrease.minPoints');
    expect(await refused({ latency: { maxP99Ms: 0 } })).toBe('latency.maxP99Ms');
    expect(await refused({ merchants: { baselineDays: 8 } })).toBe('merchants.baselineDays');
    expect(await refused({ feeds: { stale: 3 } })).toBe('feeds.stale');
    expect(await refused({ burnRate: { alerts: { pageFast: { shortMinutes: 60 } } } })).toBe(
      'burnRate.alerts.pageFast.shortMinutes',
    );
    expect(await refused({ errorIncrease: { windowMinutes: 300, baselineMinutes: 200 } })).toBe(
      'errorIncrease.baselineMinutes',
    );
    expect(await refused({ errorIncrease: { shortWindowMinutes: 10 } })).toBe(
      'errorIncrease.shortWindowMinutes',
    );
    expect(await refused({ errorIncrease: { shortWindowMinutes: -1 } })).toBe(
      'errorIncrease.shortWindowMinutes',
    );
    expect(
      (await agent.request({ method: 'PUT', url: '/api/v1/health-rules', payload: {} })).statusCode,
    ).toBe(403);
    expect((await agent.request({ method: 'GET', url: '/api/v1/health-rules' })).statusCode).toBe(200);
    const unchanged = (await admin.request({ method: 'GET', url: '/api/v1/health-rules' })).json();
    expect(unchanged.overrides).toEqual({});
  });

  it('records who changed the rules and what they were before, and checks a partner’s windows too', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    const platformUrl = '/api/v1/health-rules';
    const partnerUrl = `/api/v1/partners/${partner.id}/health-rules`;
    const first = { feeds: { staleHours: 12 } };
    const second = { feeds: { staleHours: 6 } };
    expect((await admin.request({ method: 'PUT', url: platformUrl, payload: {} })).statusCode).toBe(200);
    await admin.request({ method: 'PUT', url: platformUrl, payload: first });
    await admin.request({ method: 'PUT', url: platformUrl, payload: second });
    await admin.request({ method: 'PUT', url: partnerUrl, payload: first });
    await admin.request({ method: 'PUT', url: partnerUrl, payload: second });
    const [platformRow] = await t.ctx.db.select().from(healthRuleDefaults);
    const [partnerRow] = await t.ctx.db
      .select()
      .from(partnerHealthRules)
      .where(eq(partnerHealthRules.partnerId, partner.id));
    expect([platformRow?.updatedBy, partnerRow?.updatedBy]).toEqual([admin.user.id, admin.user.id]);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectType, 'health_rules'))
      .orderBy(asc(auditEvents.id));
    expect(audits.slice(-4).map((a) => [a.action, a.subjectId, a.partnerId, a.before, a.after])).toEqual([
      ['health.rules_changed', 'platform', null, { overrides: {} }, { overrides: first }],
      ['health.rules_changed', 'platform', null, { overrides: first }, { overrides: second }],
      ['health.partner_rules_changed', partner.id, partner.id, { overrides: {} }, { overrides: first }],
      ['health.partner_rules_changed', partner.id, partner.id, { overrides: first }, { overrides: second }],
    ]);

    // Checked over the platform's settings: the platform's recent window and the partner's baseline as long.
    const platformWindow = { errorIncrease: { windowMinutes: 240 } };
    expect(
      (await admin.request({ method: 'PUT', url: platformUrl, payload: platformWindow })).statusCode,
    ).toBe(200);
    const incoherent = await admin.request({
      method: 'PUT',
      url: partnerUrl,
      payload: { errorIncrease: { baselineMinutes: 240 } },
    });
    expect(incoherent.statusCode).toBe(400);
    expect(incoherent.json().error).toMatchObject({
      field: 'errorIncrease.baselineMinutes',
      message: 'errorIncrease.baselineMinutes: must be longer than windowMinutes (240)',
    });
    expect((await admin.request({ method: 'PUT', url: platformUrl, payload: {} })).statusCode).toBe(200);
  });

  it('says in each refusal of incoherent windows what the other window is', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    expect(
      (await admin.request({ method: 'PUT', url: '/api/v1/health-rules', payload: {} })).statusCode,
    ).toBe(200);
    const message = async (payload: object) =>
      (await admin.request({ method: 'PUT', url: '/api/v1/health-rules', payload })).json().error.message;
    expect(await message({ burnRate: { alerts: { ticketSlow: { shortMinutes: 4320 } } } })).toMatch(
      /^burnRate\.alerts\.ticketSlow\.shortMinutes: must be shorter than longMinutes \(\d+\)$/,
    );
    expect(await message({ errorIncrease: { shortWindowMinutes: 10 } })).toBe(
      'errorIncrease.shortWindowMinutes: must be shorter than windowMinutes (10), or 0 for none',
    );
  });

  it('stores no user for a change made by a token', async () => {
    const partner = await buildPartner(t);
    const token: Actor = {
      kind: 'token',
      token: { id: randomUUID(), name: 'ops', scope: 'ingest', partnerId: null },
    };
    await replacePartnerRules(t.ctx, token, partner.id, { feeds: { staleHours: 30 } });
    await replacePlatformRules(t.ctx, token, {});
    const [platformRow] = await t.ctx.db.select().from(healthRuleDefaults);
    const [partnerRow] = await t.ctx.db
      .select()
      .from(partnerHealthRules)
      .where(eq(partnerHealthRules.partnerId, partner.id));
    expect([platformRow?.updatedBy, partnerRow?.updatedBy]).toEqual([null, null]);
    expect((await ruleSettingsFor(t.ctx.db, partner.id)).feeds.staleHours).toBe(30);
  });
});
