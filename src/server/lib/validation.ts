import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { AppError } from './errors.js';
import { isInstant } from './instant.js';
import { isEscapeFree, parseJsonText } from './json-text.js';

/*
 * How every request is checked, in one place, so each route inherits it:
 * - bodies are JSON as sent: no type coercion ("12345" is not a number, null is not false), and an
 *   unknown field is a 400 rather than silently dropped;
 * - query strings and path parameters arrive as text, so those are coerced to the schema's types;
 * - body strings are trimmed before their length is checked and must be one line, unless the schema
 *   says otherwise (`Text` for multi-line prose, `Secret` for passwords, in schema-types.ts);
 * - no string anywhere may carry a NUL or an unpaired UTF-16 surrogate: PostgreSQL refuses both.
 */

const BODY_OPTIONS: Options = {
  coerceTypes: false,
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
};
// Fastify's own defaults, kept for the parts of a request that are always text.
const TEXT_PART_OPTIONS: Options = {
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: true,
  allErrors: false,
};

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...options, strict: false });
  addFormats.default(ajv);
  // ajv-formats' date-time accepts second 60 and dates that `new Date` cannot read.
  ajv.addFormat('date-time', { type: 'string', validate: isInstant });
  ajv.addKeyword({
    keyword: 'trim',
    type: 'string',
    schemaType: 'boolean',
    modifying: true,
    before: 'maxLength',
    errors: false,
    validate(enabled: boolean, data: string, _schema, context) {
      if (enabled && context?.parentData !== undefined) {
        (context.parentData as Record<string | number, unknown>)[context.parentDataProperty] = data.trim();
      }
      return true;
    },
  });
  ajv.addKeyword({
    keyword: 'singleLine',
    type: 'string',
    schemaType: 'boolean',
    error: { message: 'must be a single line without control characters' },
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    validate: (enabled: boolean, data: string) => !enabled || !/[\u0000-\u001f\u007f]/.test(data),
  });
  return ajv;
}

/** A validator for a request body, with the options and keywords every route's body is checked with. */
export function compileBodyValidator(schema: unknown) {
  return createAjv(BODY_OPTIONS).compile(strictBodySchema(schema) as object);
}

type JsonSchema = Record<string, unknown>;

/**
 * The defaults for request bodies, written into the schema itself so the OpenAPI document shows what
 * is enforced: objects refuse unknown fields, strings are trimmed one-liners unless they say otherwise.
 */
export function strictBodySchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictBodySchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const node: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    node[key] = key === 'enum' || key === 'const' || key === 'default' ? value : strictBodySchema(value);
  }
  if (node.type === 'object' && node.properties && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
  if (node.type === 'string' && node.enum === undefined && node.const === undefined) {
    node.trim ??= true;
    node.singleLine ??= true;
  }
  return node;
}

/** The first string, or object key, under `value` that PostgreSQL could not store; its path, or null. */
export function findUnstorableText(value: unknown, path: string[] = []): string[] | null {
  const below = unstorableBelow(value);
  return below === null ? null : [...path, ...below];
}

/** The path below `value` to the first unstorable key or string; built only on the way back from a find, so a
 * clean body (a 10,000-event signal batch) allocates nothing. */
function unstorableBelow(value: unknown): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? [] : null;
  if (value === null || typeof value !== 'object') return null;
  for (const key in value) {
    if (key.includes('\u0000') || !key.isWellFormed()) return [key];
    const found = unstorableBelow((value as Record<string, unknown>)[key]);
    if (found) {
      found.unshift(key);
      return found;
    }
  }
  return null;
}

/** The error for text PostgreSQL cannot store, at `path` under a request part (body, querystring, params). */
export function unstorableTextError(part: string, path: readonly string[]): AppError {
  const field = path.join('.') || '(root)';
  return new AppError(
    'validation',
    `${part}.${field} must not contain NUL characters or unpaired surrogates`,
    {
      field,
      reason: 'unstorable_text',
    },
  );
}

/** Requests whose JSON body had no `\u` escape (json-text.ts says why they need no walk). */
const escapeFreeJson = new WeakSet<object>();

export function installValidation(app: FastifyInstance): void {
  // Fastify's JSON parser's answers (json-text.ts), noting escape-free bodies.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (isEscapeFree(text)) escapeFreeJson.add(request);
    const parsed = parseJsonText(text);
    if ('value' in parsed) return done(null, parsed.value);
    done(Object.assign(new Error(parsed.refused), { statusCode: 400 }), undefined);
  });
  const bodyAjv = createAjv(BODY_OPTIONS);
  const textAjv = createAjv(TEXT_PART_OPTIONS);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );
  app.addHook('onRoute', (route) => {
    const schema = route.schema as FastifySchema | undefined;
    if (schema?.body) schema.body = strictBodySchema(schema.body);
  });
  app.addHook('preValidation', async (request) => {
    const parts = { body: request.body, querystring: request.query, params: request.params };
    for (const [part, value] of Object.entries(parts)) {
      if (part === 'body' && escapeFreeJson.has(request)) continue;
      const path = findUnstorableText(value);
      if (path) throw unstorableTextError(part, path);
    }
  });
}
