import { type TSchema, Type } from 'typebox';
import type { HealthRuleSettings, RuleOverrides } from '../rules/settings.js';

/*
 * The rule settings, each with the range in which the rule still means what the programme says: windows within
 * the week of hours the evaluator reads, ratios as fractions. As a request body every field is optional (a body
 * overrides only what it names, at any depth); as an answer every field is there.
 */

const minutes = (max: number) => Type.Integer({ minimum: 1, maximum: max });
const fraction = () => Type.Number({ minimum: 0, maximum: 1 });
const partial = <T extends Record<string, TSchema>>(fields: T) =>
  Type.Object(fields, { additionalProperties: false });

const WEEK = 7 * 24 * 60;
const Severity = Type.Union(['critical', 'high', 'medium', 'low'].map((s) => Type.Literal(s)));
const BurnRateAlert = partial({
  severity: Severity,
  factor: Type.Number({ minimum: 0.1, maximum: 1000 }),
  longMinutes: minutes(WEEK),
  shortMinutes: minutes(WEEK),
});
const Objective = Type.Number({ minimum: 0.5, maximum: 0.99999 });

const RuleSettings = partial({
  burnRate: partial({
    objectives: partial({ checkout: Objective, submit_order: Objective, order_update: Objective }),
    minRequests: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    alerts: partial({
      pageFast: BurnRateAlert,
      pageSlow: BurnRateAlert,
      ticketFast: BurnRateAlert,
      ticketSlow: BurnRateAlert,
    }),
  }),
  errorIncrease: partial({
    windowMinutes: minutes(360),
    shortWindowMinutes: Type.Integer({ minimum: 0, maximum: 360, description: '0 for none' }),
    baselineMinutes: minutes(WEEK),
    minPoints: fraction(),
    minFactor: Type.Number({ minimum: 1, maximum: 1000 }),
    minRequests: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    minErrors: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    criticalRatio: fraction(),
  }),
  hardDown: partial({
    maxConsecutiveFailures: Type.Integer({ minimum: 1, maximum: 10_000 }),
    downMinutes: minutes(360),
    autoDisableIntegration: Type.Boolean(),
  }),
  latency: partial({
    windowMinutes: minutes(360),
    maxMeanMs: Type.Integer({ minimum: 1, maximum: 300_000 }),
    maxP99Ms: Type.Integer({ minimum: 1, maximum: 300_000 }),
    minRequests: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    minSlowCalls: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  }),
  feeds: partial({
    staleHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }),
    errorBusinessDays: Type.Integer({ minimum: 1, maximum: 60 }),
  }),
  merchants: partial({
    windowMinutes: minutes(360),
    minServingShare: fraction(),
    maxDrop: fraction(),
    baselineDays: Type.Integer({ minimum: 1, maximum: 7 }),
    minBaselineHours: Type.Integer({ minimum: 1, maximum: 7 * 24 }),
  }),
  escalation: partial({
    autoResolveMinutes: minutes(24 * 60),
    criticalRepeatMinutes: minutes(24 * 60),
    operationsAfterMinutes: minutes(7 * 24 * 60),
    highRepeatMinutes: minutes(7 * 24 * 60),
  }),
});

/** The same schema with no field required, at every depth. */
function deepPartial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deepPartial);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) if (key !== 'required') copy[key] = deepPartial(value);
  return copy;
}

export const RuleOverridesBody = Type.Unsafe<RuleOverrides>(deepPartial(RuleSettings) as TSchema);
const Settings = Type.Unsafe<HealthRuleSettings>(RuleSettings);
const Overrides = Type.Unsafe<RuleOverrides>(deepPartial(RuleSettings) as TSchema);

export const PlatformRulesView = Type.Object({
  settings: Settings,
  overrides: Overrides,
  builtIn: Settings,
});

export const PartnerRulesView = Type.Object({
  settings: Settings,
  overrides: Overrides,
  platform: Settings,
});
