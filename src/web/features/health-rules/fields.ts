/**
 * The settings the rules page edits, by their path in the API's settings object. `percent` fields are fractions
 * in the API and percentages on screen. The burn-rate windows and factors stay as the SRE workbook sets them:
 * the page shows the objectives they apply to.
 */
export type RuleUnit = 'percent' | 'minutes' | 'hours' | 'days' | 'ms' | 'count' | 'factor' | 'switch';

export interface RuleField {
  path: string;
  unit: RuleUnit;
}

export const RULE_SECTIONS: { key: string; fields: RuleField[] }[] = [
  {
    key: 'burnRate',
    fields: [
      { path: 'burnRate.objectives.checkout', unit: 'percent' },
      { path: 'burnRate.objectives.submit_order', unit: 'percent' },
      { path: 'burnRate.objectives.order_update', unit: 'percent' },
      { path: 'burnRate.minRequests', unit: 'count' },
    ],
  },
  {
    key: 'errorIncrease',
    fields: [
      { path: 'errorIncrease.windowMinutes', unit: 'minutes' },
      { path: 'errorIncrease.shortWindowMinutes', unit: 'minutes' },
      { path: 'errorIncrease.minPoints', unit: 'percent' },
      { path: 'errorIncrease.minFactor', unit: 'factor' },
      { path: 'errorIncrease.criticalRatio', unit: 'percent' },
      { path: 'errorIncrease.minRequests', unit: 'count' },
    ],
  },
  {
    key: 'hardDown',
    fields: [
      { path: 'hardDown.maxConsecutiveFailures', unit: 'count' },
      { path: 'hardDown.downMinutes', unit: 'minutes' },
      { path: 'hardDown.autoDisableIntegration', unit: 'switch' },
    ],
  },
  {
    key: 'latency',
    fields: [
      { path: 'latency.maxMeanMs', unit: 'ms' },
      { path: 'latency.maxP99Ms', unit: 'ms' },
      { path: 'latency.minSlowCalls', unit: 'count' },
      { path: 'latency.windowMinutes', unit: 'minutes' },
    ],
  },
  {
    key: 'feeds',
    fields: [
      { path: 'feeds.staleHours', unit: 'hours' },
      { path: 'feeds.errorBusinessDays', unit: 'days' },
    ],
  },
  {
    key: 'merchants',
    fields: [
      { path: 'merchants.minServingShare', unit: 'percent' },
      { path: 'merchants.maxDrop', unit: 'percent' },
    ],
  },
  {
    key: 'escalation',
    fields: [
      { path: 'escalation.autoResolveMinutes', unit: 'minutes' },
      { path: 'escalation.criticalRepeatMinutes', unit: 'minutes' },
      { path: 'escalation.operationsAfterMinutes', unit: 'minutes' },
      { path: 'escalation.highRepeatMinutes', unit: 'minutes' },
    ],
  },
];

export const RULE_FIELDS = RULE_SECTIONS.flatMap((s) => s.fields);

type Tree = { [key: string]: unknown };

export function valueAt(tree: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

/** Sets a value deep in a fresh copy of the tree, making the objects on the way. */
export function withValue(tree: Tree, path: string, value: unknown): Tree {
  const [head = '', ...rest] = path.split('.');
  const child = (tree[head] ?? {}) as Tree;
  return { ...tree, [head]: rest.length === 0 ? value : withValue(child, rest.join('.'), value) };
}

/** The API's value as the form shows it (percentages for fractions, rounded so 0.99 is 99 and not 98.99999). */
export function toScreen(field: RuleField, value: unknown): number | boolean {
  if (field.unit === 'switch') return value === true;
  const number = Number(value);
  return field.unit === 'percent' ? Math.round(number * 100_000) / 1000 : number;
}

export function fromScreen(field: RuleField, value: number | boolean): number | boolean {
  if (field.unit === 'switch') return value === true;
  return field.unit === 'percent' ? Math.round(Number(value) * 1000) / 100_000 : Number(value);
}

/**
 * The overrides to store: every edited field whose value differs from what it would inherit (`base`), on top of
 * the overrides already stored for fields this page does not show. An override equal to its base is dropped, so
 * a partner set back to the platform's value follows later platform changes again.
 */
export function overridesFrom(stored: Tree, base: unknown, edited: Record<string, number | boolean>): Tree {
  let result: Tree = JSON.parse(JSON.stringify(stored));
  for (const field of RULE_FIELDS) {
    const value = fromScreen(field, edited[field.path] ?? toScreen(field, valueAt(base, field.path)));
    result = withValue(result, field.path, value === valueAt(base, field.path) ? undefined : value);
  }
  return pruned(result) ?? {};
}

/** The tree without undefined leaves and the objects they leave empty. */
function pruned(tree: Tree): Tree | undefined {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const kept = value !== null && typeof value === 'object' ? pruned(value as Tree) : value;
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
