import { eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/service.js';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { healthRuleDefaults, partnerHealthRules } from '../../db/schema/index.js';
import { invalid } from '../../lib/errors.js';
import {
  DEFAULT_RULE_SETTINGS,
  type HealthRuleSettings,
  mergeRuleSettings,
  type RuleOverrides,
} from '../rules/settings.js';
import { partnerRuleOverrides, platformRuleSettings } from './queries.js';

export async function readPlatformRules(ctx: AppContext) {
  const [row] = await ctx.db.select().from(healthRuleDefaults).where(eq(healthRuleDefaults.id, 1));
  return {
    settings: await platformRuleSettings(ctx.db),
    overrides: (row?.overrides ?? {}) as RuleOverrides,
    builtIn: DEFAULT_RULE_SETTINGS,
  };
}

export async function readPartnerRules(ctx: AppContext, partnerId: string) {
  const platform = await platformRuleSettings(ctx.db);
  const overrides = await partnerRuleOverrides(ctx.db, partnerId);
  return { settings: mergeRuleSettings(platform, overrides), overrides, platform };
}

/**
 * The pairs a rule reads together must make sense together: a burn-rate alert's short window inside its long one,
 * the error-increase baseline longer than its recent window and its short window shorter. Checked on the settings that will be in force.
 */
function checkCoherent(settings: HealthRuleSettings): void {
  for (const [name, alert] of Object.entries(settings.burnRate.alerts))
    if (alert.shortMinutes >= alert.longMinutes)
      throw invalid(
        `burnRate.alerts.${name}.shortMinutes`,
        `must be shorter than longMinutes (${alert.longMinutes})`,
      );
  const { windowMinutes, shortWindowMinutes, baselineMinutes } = settings.errorIncrease;
  if (baselineMinutes <= windowMinutes)
    throw invalid('errorIncrease.baselineMinutes', `must be longer than windowMinutes (${windowMinutes})`);
  if (shortWindowMinutes >= windowMinutes)
    throw invalid(
      'errorIncrease.shortWindowMinutes',
      `must be shorter than windowMinutes (${windowMinutes}), or 0 for none`,
    );
}

/** Replaces the platform's overrides (a body of {} restores the built-in defaults). */
export async function replacePlatformRules(ctx: AppContext, actor: Actor, overrides: RuleOverrides) {
  return ctx.db
    .transaction(async (tx) => {
      checkCoherent(mergeRuleSettings(DEFAULT_RULE_SETTINGS, overrides));
      const [before] = await tx.select().from(healthRuleDefaults).where(eq(healthRuleDefaults.id, 1));
      const values = {
        overrides,
        updatedBy: actor.kind === 'user' ? actor.user.id : null,
        updatedAt: ctx.clock.now(),
      };
      await tx
        .insert(healthRuleDefaults)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: healthRuleDefaults.id, set: values });
      await recordAudit(tx, ctx.clock, {
        actor,
        partnerId: null,
        action: 'health.rules_changed',
        subjectType: 'health_rules',
        subjectId: 'platform',
        before: { overrides: before?.overrides ?? {} },
        after: { overrides },
      });
    })
    .then(() => readPlatformRules(ctx));
}

/** Replaces one partner's overrides over the platform's settings. */
export async function replacePartnerRules(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  overrides: RuleOverrides,
) {
  await ctx.db.transaction(async (tx) => {
    checkCoherent(mergeRuleSettings(await platformRuleSettings(tx), overrides));
    const before = await partnerRuleOverrides(tx, partnerId);
    const values = {
      overrides,
      updatedBy: actor.kind === 'user' ? actor.user.id : null,
      updatedAt: ctx.clock.now(),
    };
    await tx
      .insert(partnerHealthRules)
      .values({ partnerId, ...values })
      .onConflictDoUpdate({ target: partnerHealthRules.partnerId, set: values });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'health.partner_rules_changed',
      subjectType: 'health_rules',
      subjectId: partnerId,
      before: { overrides: before },
      after: { overrides },
    });
  });
  return readPartnerRules(ctx, partnerId);
}
