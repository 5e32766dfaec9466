import { HEALTH_ACTIONS, HEALTH_SEVERITIES, type HealthSeverity } from '../../../shared/health.js';
import type { PartnerStatus } from '../../../shared/partners.js';
import type { AppContext } from '../../context.js';
import { HOUR } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { hourOf } from '../buckets.js';
import {
  loadCallSteps,
  loadFeedStates,
  loadFeedSteps,
  loadHourlyCalls,
  loadIntegrationState,
  loadMerchantSteps,
  loadOpenEscalationCounts,
  loadOverviewPartners,
} from './queries.js';
import { type HealthRange, healthWindow, stepStarts } from './ranges.js';
import { actionHealth, feedsHealth, merchantsHealth } from './series.js';

/** One partner's calls, feeds and merchants over a range, one grouped read per table. */
export async function readPartnerHealth(ctx: AppContext, partnerId: string, range: HealthRange) {
  const window = healthWindow(range, ctx.clock.now().getTime());
  const [integration, calls, feeds, states, merchants] = await Promise.all([
    loadIntegrationState(ctx.db, partnerId),
    loadCallSteps(ctx.db, partnerId, window),
    loadFeedSteps(ctx.db, partnerId, window),
    loadFeedStates(ctx.db, partnerId),
    loadMerchantSteps(ctx.db, partnerId, window),
  ]);
  if (!integration) throw notFound('partner');
  const starts = stepStarts(window);
  return {
    range,
    from: new Date(window.from),
    to: new Date(window.to),
    step: window.step,
    actions: HEALTH_ACTIONS.map((action) => actionHealth(action, calls, starts)),
    feeds: feedsHealth(feeds, states, starts),
    merchants: merchantsHealth(merchants, starts),
    integration,
  };
}

const SPARKLINE_HOURS = 24;
const severityRank = (s: HealthSeverity | null) =>
  s === null ? HEALTH_SEVERITIES.length : HEALTH_SEVERITIES.indexOf(s);

/**
 * Every partner, worst first: the most severe unresolved escalation first, then the lowest 24-hour success rate
 * (partners without traffic after those with), then by name. Three reads whatever the number of partners.
 */
export async function readHealthOverview(
  ctx: AppContext,
  filter: { status?: PartnerStatus; severity?: HealthSeverity },
) {
  const lastHour = hourOf(ctx.clock.now().getTime());
  const firstHour = lastHour - (SPARKLINE_HOURS - 1) * HOUR;
  const [partners, hourly, escalations] = await Promise.all([
    loadOverviewPartners(ctx.db, filter.status),
    loadHourlyCalls(ctx.db, new Date(firstHour), new Date(lastHour + HOUR)),
    loadOpenEscalationCounts(ctx.db),
  ]);
  const rows = partners.map((partner) => {
    const hours = new Map(
      hourly.filter((h) => h.partnerId === partner.partnerId).map((h) => [h.hour.getTime(), h]),
    );
    let ok = 0;
    let errors = 0;
    const sparkline = Array.from({ length: SPARKLINE_HOURS }, (_, i) => {
      const h = hours.get(firstHour + i * HOUR);
      if (!h || h.ok + h.errors === 0) return null;
      ok += h.ok;
      errors += h.errors;
      return h.ok / (h.ok + h.errors);
    });
    const open = escalations.filter((e) => e.partnerId === partner.partnerId);
    const worstSeverity = open.reduce<HealthSeverity | null>(
      (worst, e) => (severityRank(e.severity) < severityRank(worst) ? e.severity : worst),
      null,
    );
    return {
      ...partner,
      score: ok + errors === 0 ? null : ok / (ok + errors),
      openEscalations: { count: open.reduce((n, e) => n + e.count, 0), worstSeverity },
      sparkline,
    };
  });
  const { severity } = filter;
  return rows
    .filter((r) => !severity || severityRank(r.openEscalations.worstSeverity) <= severityRank(severity))
    .sort(
      (a, b) =>
        severityRank(a.openEscalations.worstSeverity) - severityRank(b.openEscalations.worstSeverity) ||
        (a.score ?? 2) - (b.score ?? 2) ||
        a.name.localeCompare(b.name),
    );
}
