import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { healthRuleDefaults, partnerHealthRules } from '../../db/schema/index.js';
import {
  DEFAULT_RULE_SETTINGS,
  type HealthRuleSettings,
  mergeRuleSettings,
  type RuleOverrides,
} from '../rules/settings.js';

/** The platform's settings: the built-in defaults with the admin's overrides. */
export async function platformRuleSettings(q: Queryable): Promise<HealthRuleSettings> {
  const [row] = await q.select().from(healthRuleDefaults).where(eq(healthRuleDefaults.id, 1));
  return mergeRuleSettings(DEFAULT_RULE_SETTINGS, (row?.overrides ?? {}) as RuleOverrides);
}

export async function partnerRuleOverrides(q: Queryable, partnerId: string): Promise<RuleOverrides> {
  const [row] = await q.select().from(partnerHealthRules).where(eq(partnerHealthRules.partnerId, partnerId));
  return (row?.overrides ?? {}) as RuleOverrides;
}

/** What the rules use for one partner: the platform's settings with the partner's overrides. */
export async function ruleSettingsFor(q: Queryable, partnerId: string): Promise<HealthRuleSettings> {
  return mergeRuleSettings(await platformRuleSettings(q), await partnerRuleOverrides(q, partnerId));
}
