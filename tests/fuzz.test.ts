import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { Access } from '../src/server/auth/access.js';
import { openTestEscalation } from '../src/server/health/escalations/fixtures.js';
import { ERROR_REASONS, STATUS_BY_CODE } from '../src/server/lib/errors.js';
import { describeEachDatabase } from './support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser, unique } from './support/factories.js';
import { createPagedService } from './support/oncall-service.js';
import { createPartnerResources } from './support/partner-resources.js';
import { badValuesFor, type Schema, sampleOf } from './support/schema-samples.js';
import { useTestApp } from './support/test-app.js';

/*
 * Walks every route in the OpenAPI document and sends it inputs built from its own schemas: wrong
 * types, NUL bytes, lone surrogates, empty, blank, huge and multi-line strings, numbers out of range,
 * dates that do not exist, unknown fields, missing fields, garbage bodies and bad path parameters.
 * Every answer must be below 500, and every 4xx must be `{ error: { code, message, field?, reason?,
 * params? } }` with the status its code maps to, a validation error (and only one) naming a known reason.
 * Inputs the schema refuses must be a 4xx; those refused for a field must name it. A new route is fuzzed
 * without anyone writing a test for it; a new path parameter needs a fixture.
 */

interface Operation {
  parameters?: { in: 'path' | 'query'; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface Probe {
  what: string;
  url: string;
  payload?: unknown;
  rawBody?: string;
  contentType?: string;
  /** The schema refuses this input: a 4xx is required. */
  refused: boolean;
  /** The error must name this field. */
  field?: string;
}

const CODES = new Set(Object.keys(STATUS_BY_CODE));
const REASONS = new Set(ERROR_REASONS);

/** A non-empty object of numbers, strings and lists of strings: what a reason's message interpolates. */
function isParams(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.every(
      (entry) =>
        typeof entry === 'number' ||
        typeof entry === 'string' ||
        (Array.isArray(entry) && entry.every((item) => typeof item === 'string')),
    )
  );
}

/*
 * The one exemption from our error shape: PagerDuty's Events API v2 (POST /v2/enqueue) is a foreign protocol whose
 * clients (Alertmanager's PagerDuty notifier, PagerDuty's libraries) parse PagerDuty's own answers. Its refusals
 * must be PagerDuty's `{ status: 'invalid event', message, errors: [...] }` (or `throttle event` with 429), and
 * a refusal of a field must name it, quoted, in one of the errors: "'payload.summary' is missing or blank".
 */
const PAGERDUTY_ROUTE = '/v2/enqueue';

function pagerDutyShapeProblem(response: LightMyRequestResponse, probe: Probe): string | null {
  if (response.statusCode < 400) return probe.refused ? `accepted (${response.statusCode})` : null;
  const body = response.json() as { status?: unknown; message?: unknown; errors?: unknown };
  const expected = response.statusCode === 429 ? 'throttle event' : 'invalid event';
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (
    body.status !== expected ||
    typeof body.message !== 'string' ||
    (expected === 'invalid event' && (errors.length === 0 || !errors.every((e) => typeof e === 'string')))
  )
    return `${response.statusCode} not in PagerDuty's shape: ${response.body.slice(0, 200)}`;
  if (probe.field && response.statusCode === 400 && !errors.some((e) => e.includes(`'${probe.field}`)))
    return `400 does not name '${probe.field}': ${response.body.slice(0, 200)}`;
  return null;
}

function shapeProblem(response: LightMyRequestResponse, probe: Probe): string | null {
  if (response.statusCode < 500 && probe.url === PAGERDUTY_ROUTE)
    return pagerDutyShapeProblem(response, probe);
  if (response.statusCode >= 500) return `answered ${response.statusCode}: ${response.body.slice(0, 200)}`;
  if (response.statusCode < 400) return probe.refused ? `accepted (${response.statusCode})` : null;
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return `${response.statusCode} without a JSON body`;
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  const keys = Object.keys(body as object);
  if (!error || keys.length !== 1)
    return `${response.statusCode} in another shape: ${response.body.slice(0, 200)}`;
  const extra = Object.keys(error).filter(
    (key) => !['code', 'message', 'field', 'reason', 'params'].includes(key),
  );
  if (
    typeof error.code !== 'string' ||
    !CODES.has(error.code) ||
    typeof error.message !== 'string' ||
    extra.length
  )
    return `${response.statusCode} in another shape: ${response.body.slice(0, 200)}`;
  // A validation error says why, in a reason clients translate; other codes carry none.
  const reasoned = error.code === 'validation';
  const hasReason = 'reason' in error;
  if (reasoned !== hasReason || (reasoned && !REASONS.has(error.reason as never)))
    return `${response.statusCode} ${error.code} with reason ${String(error.reason)}`;
  if ('params' in error && !isParams(error.params))
    return `${response.statusCode} with params that are not flat: ${response.body.slice(0, 200)}`;
  if (STATUS_BY_CODE[error.code as keyof typeof STATUS_BY_CODE] !== response.statusCode)
    return `${response.statusCode} with code ${error.code}`;
  if (probe.field && response.statusCode === 400) {
    const field = String(error.field ?? '');
    if (field !== probe.field && !field.startsWith(`${probe.field}.`))
      return `400 names "${field}", not "${probe.field}": ${error.message}`;
  }
  return null;
}

/** Every (path, schema) of a body schema's object properties, nested objects and first array items included. */
function fieldsOf(schema: Schema, prefix: string[] = []): { path: string[]; schema: Schema }[] {
  if (!schema.properties) return [];
  return Object.entries(schema.properties).flatMap(([name, property]) => {
    const path = [...prefix, name];
    const nested = property.type === 'object' ? fieldsOf(property, path) : [];
    const items =
      property.type === 'array' && property.items?.type === 'object'
        ? fieldsOf(property.items, [...path, '0'])
        : [];
    return [{ path, schema: property }, ...nested, ...items];
  });
}

function withValue(base: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

function bodyProbes(url: string, schema: Schema): Probe[] {
  const base = sampleOf(schema);
  const probes: Probe[] = [
    {
      what: 'a body that is not JSON',
      url,
      rawBody: '{"half":',
      contentType: 'application/json',
      refused: true,
    },
    { what: 'a text/plain body', url, rawBody: 'hello', contentType: 'text/plain', refused: true },
    { what: 'null', url, payload: null, refused: true },
    { what: 'an array', url, payload: [], refused: true },
    { what: 'a number', url, payload: 42, refused: true },
    { what: 'an empty object', url, payload: {}, refused: (schema.required?.length ?? 0) > 0 },
  ];
  if (schema.type === 'object' && schema.additionalProperties === false) {
    probes.push({
      what: 'an unknown field',
      url,
      payload: { ...(base as object), unknownField: 1 },
      refused: true,
      field: 'unknownField',
    });
  }
  for (const { path, schema: fieldSchema } of fieldsOf(schema)) {
    const field = path.join('.');
    const parent =
      path.length > 1 ? fieldsOf(schema).find((f) => f.path.join('.') === path.slice(0, -1).join('.')) : null;
    const required = (parent?.schema ?? schema).required?.includes(path.at(-1) as string) ?? false;
    if (required)
      probes.push({
        what: `${field} missing`,
        url,
        payload: withValue(base, path, undefined, true),
        refused: true,
        field,
      });
    for (const bad of badValuesFor(fieldSchema)) {
      probes.push({
        what: `${field} as ${bad.label}`,
        url,
        payload: withValue(base, path, bad.value),
        refused: bad.refused,
        ...(bad.refused ? { field } : {}),
      });
    }
  }
  return probes;
}

const BAD_PATH_IDS = [
  'not-an-id',
  '0',
  '-1',
  '99999999999999999999',
  '%E0%A4%A',
  'a'.repeat(101),
  '%00',
  '7d9f3c1e-0000-4000-8000-000000000000',
];

function pathProbes(template: string, ids: Record<string, string>): Probe[] {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  return names.flatMap((name) =>
    BAD_PATH_IDS.map((bad) => ({
      what: `:${name} = ${bad.slice(0, 20)}`,
      url: fill(template, { ...ids, [name]: bad }),
      refused: true,
    })),
  );
}

const BOUNDARY = 'fuzzed-form';
const formOf = (...parts: string[]) =>
  `${parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join('')}--${BOUNDARY}--\r\n`;
const fieldPart = (name: string, value: string) =>
  `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const filePart = (fileName: string, content: string) =>
  `Content-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n${content}`;

/**
 * An upload route takes multipart/form-data, not JSON, so the JSON-body probes do not apply (its document
 * declares no JSON body); it gets broken and refused forms instead. None of these may store anything.
 */
function multipartProbes(url: string): Probe[] {
  const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
  const form = (what: string, rawBody: string, field?: string): Probe => ({
    what,
    url,
    rawBody,
    contentType,
    refused: true,
    ...(field ? { field } : {}),
  });
  const log = filePart('a.log', 'line');
  return [
    { what: 'a JSON body', url, rawBody: '{}', contentType: 'application/json', refused: true },
    {
      what: 'a form without a boundary',
      url,
      rawBody: 'x',
      contentType: 'multipart/form-data',
      refused: true,
    },
    form('an empty form', ''),
    form('garbage', 'not a form at all'),
    form('a form cut off mid-part', `--${BOUNDARY}\r\n${log.slice(0, -2)}`),
    form('no file', formOf(fieldPart('commentId', '')), 'file'),
    form('an unknown field', formOf(log, fieldPart('unknownField', '1')), 'unknownField'),
    form('a prototype field name', formOf(fieldPart('__proto__', '1'))),
    form('file as a text field', formOf(fieldPart('file', 'text')), 'file'),
    form('a file name with a NUL', formOf(filePart('a\u0000.log', 'line')), 'file'),
    form('a file name of 300 characters', formOf(filePart(`${'a'.repeat(296)}.log`, 'line')), 'file'),
    form('a blank file name', formOf(filePart(' ', 'line')), 'file'),
    form('an executable', formOf(filePart('a.exe', 'MZ\u0000\u0000'))),
    form('commentId that is not an id', formOf(log, fieldPart('commentId', 'not-an-id')), 'commentId'),
    form('commentId with a NUL', formOf(log, fieldPart('commentId', '\u0000')), 'commentId'),
    form('commentId twice', formOf(fieldPart('commentId', ''), fieldPart('commentId', ''), log), 'commentId'),
    form(
      'commentId as a file',
      formOf(log, filePart('c.log', 'x').replace('name="file"', 'name="commentId"')),
      'commentId',
    ),
  ];
}

function queryProbes(url: string, parameters: Operation['parameters']): Probe[] {
  return (parameters ?? [])
    .filter((parameter) => parameter.in === 'query')
    .flatMap((parameter) =>
      badValuesFor(parameter.schema)
        .filter((bad) => typeof bad.value === 'string' || typeof bad.value === 'number')
        .map((bad) => ({
          what: `?${parameter.name} as ${bad.label}`,
          url: `${url}?${parameter.name}=${queryValue(String(bad.value).slice(0, 5000))}`,
          // Query strings are text: only what stays wrong as text is surely refused.
          refused: bad.label === 'a NUL byte',
        })),
    );
}

/** A lone surrogate has no UTF-8 form; its CESU-8 bytes are what a broken client would send. */
function queryValue(text: string): string {
  return text.isWellFormed() ? encodeURIComponent(text) : '%ED%A0%80';
}

function fill(template: string, ids: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`route fuzz has no fixture for {${name}} (${template}); add one`);
    return id;
  });
}

/** A business calendar and an SLA policy counting in it, made by a platform admin: their routes are staff-only. */
async function createSlaResources(admin: Agent): Promise<Record<string, string>> {
  const create = async (url: string, payload: object) => {
    const response = await admin.request({ method: 'POST', url, payload });
    if (response.statusCode !== 201)
      throw new Error(`fixture ${url}: ${response.statusCode} ${response.body}`);
    return response.json().id as string;
  };
  const calendarId = await create('/api/v1/business-calendars', {
    name: 'Fuzzed hours',
    timeZone: 'Europe/Paris',
    weeklyHours: [{ day: 'mon', start: '09:00', end: '17:00' }],
    holidays: { country: 'FR' },
    closures: [],
  });
  const policyId = await create('/api/v1/sla-policies', {
    name: 'Fuzzed policy',
    priority: 'low',
    calendarId,
    firstResponseMinutes: 60,
    resolutionMinutes: 600,
  });
  return { calendarId, policyId };
}

describeEachDatabase('route fuzz', (kind) => {
  const t = useTestApp(kind);
  let spec: { paths: Record<string, Record<string, Operation>> };
  let platformAdmin: Agent;
  let partnerAdmin: Agent;
  let ids: Record<string, string>;

  beforeAll(async () => {
    spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const partner = await buildPartner(t, { name: unique('Fuzzed') });
    platformAdmin = await signedInUser(t, { role: 'admin' });
    partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    // :userId names a member rather than the acting admin, so a body the schema accepts cannot lock the walk out.
    ids = {
      ...(await createPartnerResources(partnerAdmin, partner.id)),
      escalationId: await openTestEscalation(t.ctx, partner.id),
      userId: member.id,
      token: 'x'.repeat(43),
      ...(await createSlaResources(platformAdmin)),
      // A real Alertmanager key, so bodies the schema accepts reach the service and open pages.
      key: (await createPagedService(platformAdmin, [platformAdmin])).alertmanagerKey,
    };
  });

  const accessOf = (method: string, template: string): Access | undefined =>
    t.routes.find((route) => route.method === method && route.url === template.replace(/\{(\w+)\}/g, ':$1'))
      ?.access;

  function agentFor(access: Access | undefined) {
    if (!access || 'public' in access)
      return (options: Parameters<Agent['request']>[0]) => t.app.inject(options);
    return 'partner' in access ? partnerAdmin.request : platformAdmin.request;
  }

  function send(method: string, access: Access | undefined, probe: Probe) {
    const request = agentFor(access);
    if (probe.rawBody !== undefined) {
      return request({
        method: method as 'POST',
        url: probe.url,
        payload: probe.rawBody,
        headers: { 'content-type': probe.contentType ?? 'application/json' },
      });
    }
    return request({
      method: method as 'POST',
      url: probe.url,
      ...(probe.payload === undefined
        ? {}
        : { payload: JSON.stringify(probe.payload), headers: { 'content-type': 'application/json' } }),
    });
  }

  const operations = () =>
    Object.entries(spec.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        template,
        method: method.toUpperCase(),
        operation,
      })),
    );

  it('walks the API routes of the OpenAPI document', () => {
    const walked = operations().map(({ method, template }) => `${method} ${template}`);
    const registered = t.routes.map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(walked.filter((route) => route.includes('/api/v1/')).sort()).toEqual(registered.sort());
  });

  it('answers every generated bad input below 500, in the one error shape, naming the field', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { template, method, operation } of operations()) {
      const access = accessOf(method, template);
      const url = fill(template, ids);
      const body = operation.requestBody?.content['application/json']?.schema;
      const form = operation.requestBody?.content['multipart/form-data'];
      const probes = [
        ...pathProbes(template, ids),
        ...queryProbes(url, operation.parameters),
        ...(body ? bodyProbes(url, body) : []),
        ...(form ? multipartProbes(url) : []),
      ];
      for (const probe of probes) {
        const response = await send(method, access, probe);
        sent++;
        const problem = shapeProblem(response, probe);
        if (problem) failures.push(`${method} ${template} with ${probe.what}: ${problem}`);
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures.join('\n')).toBe('');
  });

  it('survives random JSON in every field of every body', async () => {
    const failures: string[] = [];
    for (const { template, method, operation } of operations()) {
      const body = operation.requestBody?.content['application/json']?.schema;
      if (!body?.properties) continue;
      const access = accessOf(method, template);
      const url = fill(template, ids);
      const fields = Object.fromEntries(
        Object.keys(body.properties).map((name) => [name, fc.jsonValue({ maxDepth: 2 })]),
      );
      await fc.assert(
        fc.asyncProperty(fc.record(fields, { requiredKeys: [] }), async (payload) => {
          const probe: Probe = { what: JSON.stringify(payload).slice(0, 120), url, payload, refused: false };
          const problem = shapeProblem(await send(method, access, probe), probe);
          if (problem) failures.push(`${method} ${template} with ${probe.what}: ${problem}`);
        }),
        { numRuns: 40 },
      );
    }
    expect(failures.join('\n')).toBe('');
  });
});
