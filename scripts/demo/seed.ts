import { and, eq, inArray, lt, max } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AppContext } from '../../src/server/context.js';
import {
  callHours,
  callMinutes,
  healthFeedState,
  partners,
  users,
} from '../../src/server/db/schema/index.js';
import { hourOf, minuteOf } from '../../src/server/health/buckets.js';
import type { Episode } from '../../src/server/health/simulator/history.js';
import type { Scenario } from '../../src/server/health/simulator/scenarios.js';
import { HOUR, MINUTE } from '../../src/server/lib/clock.js';
import { insertUser } from '../../src/server/users/service.js';
import type { ContactRole } from '../../src/shared/contacts.js';
import type { Locale } from '../../src/shared/locales.js';
import type { PartnerStatus } from '../../src/shared/partners.js';
import type { Role } from '../../src/shared/roles.js';
import { HISTORY_RATE, seedHealthHistory, writeHealthHistory } from './history.js';

/** Every demo account's password: a demo on a laptop, printed at start. */
export const DEMO_PASSWORD = 'switchboard-demo';

export const STAFF = [
  { email: 'admin@demo.switchboard.test', name: 'Ada Admin', role: 'admin' },
  { email: 'agent@demo.switchboard.test', name: 'Sam Support', role: 'support_agent' },
  { email: 'oncall@demo.switchboard.test', name: 'Olu On-call', role: 'oncall_engineer' },
  { email: 'consultant@demo.switchboard.test', name: 'Chloe Consultant', role: 'consultant' },
] as const satisfies readonly { email: string; name: string; role: Role }[];

interface DemoPartner {
  name: string;
  status: PartnerStatus;
  /** A launched partner whose integration is paused for maintenance. */
  paused?: boolean;
  locale: Locale;
  /** What the live simulator and the week's history do for it; only launched partners send signals. */
  scenario?: Scenario;
  /** Yesterday's three hours of 10 % errors. */
  spikeYesterday?: boolean;
}

export const DEMO_PARTNERS: readonly DemoPartner[] = [
  { name: 'Tavola Systems', status: 'launched', locale: 'en', scenario: 'errors10' },
  { name: 'Lieferwerk GmbH', status: 'launched', locale: 'de', scenario: 'stale-feed' },
  { name: 'Bistro Connect', status: 'launched', locale: 'fr', scenario: 'healthy', spikeYesterday: true },
  { name: 'QuickServe POS', status: 'launched', locale: 'en', scenario: 'healthy' },
  { name: 'Menuly', status: 'launched', locale: 'de', scenario: 'healthy' },
  { name: 'Cuisine Cloud', status: 'launched', locale: 'fr', paused: true, scenario: 'healthy' },
  { name: 'Harbor Eats', status: 'integrating', locale: 'en' },
  { name: 'Fourchette SAS', status: 'interested', locale: 'fr' },
];

/** The partner that is seeded last: the world is complete when it has a week of call buckets. */
const LAST = DEMO_PARTNERS[0] as DemoPartner;

export const partnerAdminEmail = (p: DemoPartner) =>
  `${p.name
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/\.$/, '')}@demo.switchboard.test`;

/** The scenarios the demo's simulator runs: launched, active partners only. */
export const liveScenarios = () =>
  DEMO_PARTNERS.filter((p) => p.status === 'launched' && !p.paused && p.scenario).map((p) => ({
    name: p.name,
    scenario: p.scenario as Scenario,
  }));

type Log = (line: string) => void;

/** Whether the demo world is there: 'complete', 'none', or 'partial' when a seed stopped half-way. */
export async function demoWorldState(ctx: AppContext): Promise<'complete' | 'none' | 'partial'> {
  const [admin] = await ctx.db.select().from(users).where(eq(users.email, STAFF[0].email));
  if (!admin) return 'none';
  const [last] = await ctx.db.select().from(partners).where(eq(partners.name, LAST.name));
  if (!last) return 'partial';
  const [bucket] = await ctx.db.select().from(callHours).where(eq(callHours.partnerId, last.id)).limit(1);
  return bucket ? 'complete' : 'partial';
}

/**
 * The demo world, made through the app's own API as its users would (a platform admin, partner admins, the
 * support agent), and a week of health history written straight into the buckets. Does nothing when the world
 * is already there; refuses a half-seeded one.
 */
export async function seedDemo(ctx: AppContext, app: FastifyInstance, log: Log = () => {}): Promise<boolean> {
  const state = await demoWorldState(ctx);
  if (state === 'complete') return false;
  if (state === 'partial')
    throw new Error(
      'a previous demo seed stopped half-way: remove the data directory (DATA_DIR) and run it again',
    );
  const now = ctx.clock.now().getTime();

  log('staff accounts');
  const staff = new Map<string, string>();
  for (const s of STAFF) {
    const user = await insertUser(ctx, ctx.db, { ...s, password: DEMO_PASSWORD });
    staff.set(s.role, user.id);
  }
  const admin = await signIn(app, STAFF[0].email, 1);
  const agent = await signIn(app, STAFF[1].email, 2);

  log('on-call schedule and escalation policy');
  await seedOnCall(admin, [staff.get('oncall_engineer') as string, staff.get('admin') as string], now);

  const ids = new Map<string, string>();
  // The last partner in the list is made first, so "it has buckets" means everything before it was made too.
  for (const [i, p] of [...DEMO_PARTNERS.slice(1), LAST].entries()) {
    log(`partner ${p.name} (${p.paused ? 'launched, paused' : p.status})`);
    const created = await admin.call('POST', '/api/v1/partners', { name: p.name, status: p.status }, 201);
    ids.set(p.name, created.id);
    if (p.status !== 'interested')
      await admin.call(
        'PUT',
        `/api/v1/partners/${created.id}/consultant`,
        { consultantUserId: staff.get('consultant') },
        200,
      );
    const email = partnerAdminEmail(p);
    await insertUser(ctx, ctx.db, {
      email,
      name: `${p.name} admin`,
      role: 'partner_admin',
      partnerId: created.id,
      password: DEMO_PASSWORD,
      locale: p.locale,
    });
    const partnerAdmin = await signIn(app, email, 10 + i);
    await seedContacts(partnerAdmin, created.id, p);
    if (p.paused)
      await partnerAdmin.call(
        'POST',
        `/api/v1/partners/${created.id}/integration/pause`,
        { reason: 'Planned POS upgrade', expectedEnd: new Date(now + 6 * HOUR).toISOString() },
        200,
      );
    if (p.status === 'launched' && !p.paused) await seedCases(partnerAdmin, agent, created.id, p, now);
  }

  log('a week of health history');
  const launched = DEMO_PARTNERS.filter((p) => p.status === 'launched' && p.scenario);
  const yesterday = now - 24 * HOUR;
  await seedHealthHistory(
    ctx,
    {
      partners: launched.map((p) => ({ id: ids.get(p.name) as string, scenario: 'healthy' })),
      episodes: launched.flatMap((p): Episode[] => {
        const id = ids.get(p.name) as string;
        if (p.spikeYesterday)
          return [{ partnerId: id, scenario: 'errors10', from: yesterday, to: yesterday + 3 * HOUR }];
        if (p.scenario === 'stale-feed')
          return [{ partnerId: id, scenario: 'stale-feed', from: now - 30 * HOUR, to: now + HOUR }];
        return [];
      }),
      ratePerSecond: HISTORY_RATE,
      seed: 2027,
    },
    now,
  );
  return true;
}

/**
 * The health history of the time the demo was not running, so its charts have no hole after a restart: what the
 * live simulator would have sent (its partners and scenarios) from the last stored minute up to now, at most a
 * week; the healthy feeds' state moves along with it. Returns the minutes filled (none when the gap is shorter
 * than two minutes, which the simulator's next batches cover).
 */
export async function fillHealthHistoryGap(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().getTime();
  const live = liveScenarios();
  const named = await ctx.db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(
      inArray(
        partners.name,
        live.map((p) => p.name),
      ),
    );
  const ids = new Map(named.map((p) => [p.name, p.id]));
  const simulated = live.flatMap((p) => {
    const id = ids.get(p.name);
    return id ? [{ id, scenario: p.scenario }] : [];
  });
  if (simulated.length === 0) return 0;
  const [stored] = await ctx.db
    .select({ last: max(callMinutes.minute) })
    .from(callMinutes)
    .where(
      inArray(
        callMinutes.partnerId,
        simulated.map((p) => p.id),
      ),
    );
  if (!stored?.last) return 0;
  const from = Math.max(stored.last.getTime() + MINUTE, hourOf(now - 7 * 24 * HOUR));
  const minutes = Math.floor((minuteOf(now) - from) / MINUTE);
  if (minutes < 2) return 0;
  await writeHealthHistory(
    ctx,
    {
      partners: simulated.map((p) => ({ id: p.id, scenario: 'healthy' })),
      episodes: simulated
        .filter((p) => p.scenario !== 'healthy')
        .map((p) => ({ partnerId: p.id, scenario: p.scenario, from, to: now })),
      ratePerSecond: HISTORY_RATE,
      // Another draw than the week's, so the gap does not repeat its first days.
      seed: 2027 + Math.floor(from / HOUR),
    },
    from,
    now,
  );
  const healthy = simulated.filter((p) => p.scenario !== 'stale-feed').map((p) => p.id);
  if (healthy.length > 0)
    await ctx.db
      .update(healthFeedState)
      .set({ lastCleanAt: new Date(minuteOf(now) - 5 * MINUTE) })
      .where(
        and(
          inArray(healthFeedState.partnerId, healthy),
          lt(healthFeedState.lastCleanAt, new Date(minuteOf(now) - 5 * MINUTE)),
        ),
      );
  return minutes;
}

// biome-ignore lint/suspicious/noExplicitAny: the API's answers, read by the seed
type Answer = any;

interface Session {
  call(
    method: InjectOptions['method'],
    url: string,
    payload: object | undefined,
    expected: number,
  ): Promise<Answer>;
}

/** A session through app.inject, as the SPA holds one: the cookie and the CSRF header. */
async function signIn(app: FastifyInstance, email: string, n: number): Promise<Session> {
  // Each account signs in from its own address, so the demo's sign-ins never meet the login throttle.
  const remoteAddress = `10.77.0.${n}`;
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
    remoteAddress,
  });
  if (login.statusCode !== 200)
    throw new Error(`demo sign-in as ${email}: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'sb_session')?.value as string;
  const { csrfToken } = login.json() as { csrfToken: string };
  return {
    async call(method, url, payload, expected) {
      const response = await app.inject({
        method,
        url,
        payload,
        remoteAddress,
        cookies: { sb_session: cookie },
        headers: { 'x-csrf-token': csrfToken },
      });
      if (response.statusCode !== expected)
        throw new Error(`demo seed: ${method} ${url} answered ${response.statusCode}: ${response.body}`);
      return response.body ? response.json() : null;
    },
  };
}

async function seedOnCall(admin: Session, responders: string[], now: number) {
  const start = new Date(now - 7 * 24 * HOUR);
  start.setUTCHours(9, 0, 0, 0);
  const schedule = await admin.call(
    'POST',
    '/api/v1/schedules',
    {
      name: 'Platform engineering',
      timeZone: 'Europe/Berlin',
      layers: [
        {
          name: 'Weekly rotation',
          start: start.toISOString(),
          rotation: { type: 'weekly' },
          handoffTime: '09:00',
          users: responders,
        },
      ],
    },
    201,
  );
  const policy = {
    name: 'Urgent partner cases',
    levels: [
      { delayMinutes: 10, targets: [{ type: 'schedule', id: schedule.id }] },
      { delayMinutes: 15, targets: responders.slice(1).map((id) => ({ type: 'user', id })) },
    ],
    repeat: 1,
  };
  // The installation comes with an urgent-case service whose policy pages nobody yet: give it the rotation.
  const settings = await admin.call('GET', '/api/v1/oncall-settings', undefined, 200);
  if (settings.urgentCaseServiceId) {
    const service = await admin.call(
      'GET',
      `/api/v1/services/${settings.urgentCaseServiceId}`,
      undefined,
      200,
    );
    await admin.call('PUT', `/api/v1/escalation-policies/${service.escalationPolicyId}`, policy, 200);
    return;
  }
  const created = await admin.call('POST', '/api/v1/escalation-policies', policy, 201);
  const service = await admin.call(
    'POST',
    '/api/v1/services',
    { name: 'Urgent partner cases', escalationPolicyId: created.id },
    201,
  );
  await admin.call('PUT', '/api/v1/oncall-settings', { ...settings, urgentCaseServiceId: service.id }, 200);
}

const CONTACTS: readonly { role: ContactRole; name: string; local: string }[] = [
  { role: 'technical_emergency', name: 'Integration pager', local: 'pager' },
  { role: 'alert', name: 'Alerts inbox', local: 'alerts' },
  { role: 'operations', name: 'Merchant operations', local: 'ops' },
];

async function seedContacts(partnerAdmin: Session, partnerId: string, p: DemoPartner) {
  const domain = partnerAdminEmail(p).split('@')[0]?.replace(/\./g, '-');
  for (const c of CONTACTS)
    await partnerAdmin.call(
      'POST',
      `/api/v1/partners/${partnerId}/contacts`,
      { role: c.role, name: c.name, email: `${c.local}@${domain}.example`, locale: p.locale },
      201,
    );
}

/** One case of each state across the launched partners: the first gets the urgent one still in triage. */
async function seedCases(
  partnerAdmin: Session,
  agent: Session,
  partnerId: string,
  p: DemoPartner,
  now: number,
) {
  const base = `/api/v1/partners/${partnerId}/cases`;
  const file = (body: object) => partnerAdmin.call('POST', base, body, 201);
  const move = async (caseId: string, ...statuses: string[]) => {
    for (const status of statuses) await agent.call('PATCH', `${base}/${caseId}`, { status }, 200);
  };
  if (p.scenario === 'errors10')
    await file({
      category: 'urgent_technical_support',
      subject: 'Order submissions failing for about one in ten orders',
      description: 'Since this morning submit_order returns NO_CAPACITY for restaurants that have capacity.',
      urgentCriterion: 'orders_blocked',
      impact: { since: new Date(now - 2 * HOUR).toISOString(), ordersAffectedPercent: 10 },
    });
  const normal = (subject: string, category = 'technical_support') =>
    file({ category, subject, description: `${subject}. Details in the attached logs.`, priority: 'normal' });
  const open = await normal('Menu feed warnings about missing modifiers', 'feeds_inventory');
  const working = await normal('Order updates rejected after ready_for_pickup');
  await move(working.id, 'in_progress');
  const waiting = await normal('Checkout prices differ by a cent for some carts');
  await move(waiting.id, 'in_progress', 'waiting_on_partner');
  const resolved = await normal('Sandbox credentials expired');
  await move(resolved.id, 'in_progress', 'resolved');
  const closed = await normal('Question about the order update retry policy', 'integration_question');
  await move(closed.id, 'in_progress', 'resolved', 'closed');
  return open;
}
