import fc from 'fast-check';

/** A JSON Schema node as the OpenAPI document carries it. */
export type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};

const typesOf = (schema: Schema): string[] => {
  if (schema.anyOf ?? schema.oneOf) return (schema.anyOf ?? schema.oneOf ?? []).flatMap(typesOf);
  if (schema.enum) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))];
  if (schema.const !== undefined) return [schema.const === null ? 'null' : typeof schema.const];
  return [schema.type ?? []].flat();
};

/** The JSON types a value of this schema may have ('integer' counts as 'number'). */
export function jsonTypesOf(schema: Schema): Set<string> {
  return new Set(typesOf(schema).map((type) => (type === 'integer' ? 'number' : type)));
}

function sampleString(schema: Schema): string {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? 40);
  switch (schema.format) {
    case 'email':
      return 'sample@example.test';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    case 'date-time':
      return '2031-01-02T03:04:05.000Z';
    case 'date':
      return '2031-01-02';
    case 'uri':
    case 'url':
      return 'https://example.test/sample';
  }
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern);
    const [match] = fc.sample(
      fc
        .stringMatching(pattern)
        .filter((s) => s.length >= minLength && s.length <= maxLength && s === s.trim()),
      { numRuns: 1, seed: 7 },
    );
    if (match === undefined) throw new Error(`no sample for pattern ${schema.pattern}`);
    return match;
  }
  return 'Sample text'.padEnd(minLength, 'x').slice(0, Math.max(minLength, Math.min(maxLength, 11)));
}

/** A small value that the schema accepts: the baseline every bad input changes one thing of. */
export function sampleOf(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const nonNull = branches.find((branch) => !jsonTypesOf(branch).has('null'));
    return sampleOf(nonNull ?? (branches[0] as Schema));
  }
  const type = [schema.type ?? 'object'].flat()[0];
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number': {
      // 1 where the range allows it; a range wholly below 1 (a ratio such as 0.5–0.99) gives its minimum.
      const value = Math.max(Number(schema.minimum ?? 1), 1);
      return schema.maximum !== undefined && value > Number(schema.maximum)
        ? Number(schema.minimum ?? schema.maximum)
        : value;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}));
    default:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleOf(property)]),
      );
  }
}

export interface BadValue {
  label: string;
  value: unknown;
  /** true: the schema refuses it, so the answer must be a 400 naming the field; false: anything but a 5xx. */
  refused: boolean;
}

const WRONG_TYPED: [string, unknown][] = [
  ['string', 'text'],
  ['number', 12345],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
];

/** Values a careless or hostile client sends for one field of this schema. */
export function badValuesFor(schema: Schema): BadValue[] {
  const types = jsonTypesOf(schema);
  const out: BadValue[] = WRONG_TYPED.filter(([type]) => !types.has(type)).map(([type, value]) => ({
    label: `a ${type}`,
    value,
    refused: types.size > 0,
  }));
  if (types.has('string') && !schema.enum) {
    const textSchema = [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as Schema[])].find(
      (s) => jsonTypesOf(s).has('string') && !s.anyOf,
    ) as Schema;
    const minLength = Number(textSchema.minLength ?? 0);
    const maxLength = textSchema.maxLength === undefined ? null : Number(textSchema.maxLength);
    out.push(
      { label: 'a NUL byte', value: 'before\u0000after', refused: true },
      { label: 'a lone surrogate', value: 'broken \ud800 text', refused: true },
      { label: 'an empty string', value: '', refused: minLength > 0 },
      {
        label: 'white space only',
        value: '   ',
        refused: minLength > 0 && textSchema.trim !== false && !textSchema.pattern && !textSchema.format,
      },
      {
        label: 'a huge string',
        value: 'x'.repeat(200_000),
        refused: maxLength !== null && maxLength < 200_000,
      },
    );
    if (maxLength !== null) {
      out.push({ label: 'one character too many', value: 'y'.repeat(maxLength + 1), refused: true });
    }
    if (textSchema.singleLine === true) {
      out.push({ label: 'a line break', value: 'first\r\nsecond', refused: true });
    }
    if (textSchema.format === 'date-time') {
      out.push(
        { label: 'a leap second', value: '2030-12-31T23:59:60Z', refused: true },
        { label: '30 February', value: '2030-02-30T10:00:00Z', refused: true },
        { label: 'no time zone', value: '2030-12-31T10:00:00', refused: true },
        { label: 'year 10000', value: '+010000-01-01T00:00:00Z', refused: true },
      );
    }
    if (textSchema.format === 'uuid') {
      out.push(
        { label: 'not a uuid', value: 'not-a-uuid', refused: true },
        { label: 'an unknown uuid', value: '7d9f3c1e-0000-4000-8000-000000000000', refused: false },
      );
    }
  }
  if (types.has('number')) {
    const numeric = [schema, ...((schema.anyOf ?? []) as Schema[])].find((s) =>
      jsonTypesOf(s).has('number'),
    ) as Schema;
    const integer = [numeric.type].flat().includes('integer');
    const below = numeric.minimum === undefined ? null : Number(numeric.minimum) - 1;
    const above = numeric.maximum === undefined ? null : Number(numeric.maximum) + 1;
    out.push(
      { label: 'a huge number', value: 1e20, refused: numeric.maximum !== undefined },
      { label: 'a negative number', value: -1e20, refused: numeric.minimum !== undefined },
    );
    if (below !== null) out.push({ label: 'below the minimum', value: below, refused: true });
    if (above !== null) out.push({ label: 'above the maximum', value: above, refused: true });
    if (integer) out.push({ label: 'a fraction', value: 1.5, refused: true });
  }
  if (types.has('array') && schema.items) {
    out.push({
      label: 'an array of 10,001 items',
      value: Array(10_001).fill(sampleOf(schema.items)),
      refused: schema.maxItems !== undefined,
    });
  }
  return out;
}
