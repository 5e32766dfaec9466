import { SEVERITIES, type Severity } from '../../shared/oncall.js';

/*
 * Reads a PagerDuty Events API v2 body (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/)
 * the way PagerDuty does: every problem is listed at once, in PagerDuty's words, so a client written against
 * PagerDuty reads our refusals as it reads theirs. Fields PagerDuty ignores for an action are ignored here too
 * (a resolve's payload), and fields it does not know are kept out of the way rather than refused.
 */

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export const ROUTING_KEY_LENGTH = 32;
export const DEDUP_KEY_MAX = 255;
export const SUMMARY_MAX = 1024;

export interface TriggerPayload {
  summary: string;
  source: string;
  severity: Severity;
  /** What else the event said, under PagerDuty's names: component, group, class, custom_details, links… */
  details: Record<string, unknown>;
}

/** A trigger without a dedup key gets one; acknowledge and resolve must name the alert they mean. */
export type EnqueueEvent =
  | { routingKey: string; action: 'trigger'; dedupKey: string | null; trigger: TriggerPayload }
  | { routingKey: string; action: 'acknowledge' | 'resolve'; dedupKey: string; trigger: null };

export type EventCheck = { event: EnqueueEvent; errors: [] } | { event: null; errors: string[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** One field's reader: returns the value, or pushes what is wrong with it and returns undefined. */
class Reader {
  readonly errors: string[] = [];

  requiredText(node: Json, path: string, name: string, max?: number): string | undefined {
    const value = node[name];
    const field = path ? `${path}.${name}` : name;
    if (isBlank(value)) {
      this.errors.push(`'${field}' is missing or blank`);
      return undefined;
    }
    return this.text(value, field, max);
  }

  optionalText(node: Json, path: string, name: string, max?: number): string | undefined {
    const value = node[name];
    if (value === undefined || value === null) return undefined;
    return this.text(value, path ? `${path}.${name}` : name, max);
  }

  private text(value: unknown, field: string, max?: number): string | undefined {
    if (typeof value !== 'string') {
      this.errors.push(`'${field}' must be a string`);
      return undefined;
    }
    if (max !== undefined && value.length > max) {
      this.errors.push(`Length of '${field}' is too long (should be at most ${max} characters)`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(node: Json, path: string, name: string, allowed: readonly T[]): T | undefined {
    const field = path ? `${path}.${name}` : name;
    const value = node[name];
    if (isBlank(value)) {
      this.errors.push(`'${field}' is missing or blank`);
      return undefined;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.errors.push(`'${field}' is invalid (must be one of the following: ${allowed.join(', ')})`);
    return undefined;
  }

  object(node: Json, path: string, name: string): Json | undefined {
    const value = node[name];
    if (value === undefined || value === null) return undefined;
    if (isObject(value)) return value;
    this.errors.push(`'${path ? `${path}.${name}` : name}' must be an object`);
    return undefined;
  }

  /** links and images: arrays of objects, each with its required URL field and optional text fields. */
  list(node: Json, name: string, required: string, optional: string[]): Json[] | undefined {
    const value = node[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.push(`'${name}' must be an array`);
      return undefined;
    }
    return value.flatMap((item, index) => {
      const path = `${name}.${index}`;
      if (!isObject(item)) {
        this.errors.push(`'${path}' must be an object`);
        return [];
      }
      const url = this.requiredText(item, path, required);
      const texts = optional.map((field) => [field, this.optionalText(item, path, field)] as const);
      // PagerDuty shows these as links: only web addresses are kept, anything else is left out quietly.
      if (url === undefined || !isWebUrl(url)) return [];
      return [Object.fromEntries([[required, url], ...texts.filter(([, text]) => text !== undefined)])];
    });
  }
}

function isWebUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const OPTIONAL_PAYLOAD_TEXT = ['timestamp', 'component', 'group', 'class'] as const;

function readTrigger(reader: Reader, body: Json): TriggerPayload | null {
  const payload = reader.object(body, '', 'payload');
  const client = reader.optionalText(body, '', 'client');
  const clientUrl = reader.optionalText(body, '', 'client_url');
  const links = reader.list(body, 'links', 'href', ['text']);
  const images = reader.list(body, 'images', 'src', ['href', 'alt']);
  if (!payload) {
    if (body.payload === undefined || body.payload === null) reader.errors.push(`'payload' is missing`);
    return null;
  }
  const summary = reader.requiredText(payload, 'payload', 'summary', SUMMARY_MAX);
  const source = reader.requiredText(payload, 'payload', 'source');
  const severity = reader.oneOf(payload, 'payload', 'severity', SEVERITIES);
  const texts = OPTIONAL_PAYLOAD_TEXT.map((name) => [name, reader.optionalText(payload, 'payload', name)]);
  const customDetails = reader.object(payload, 'payload', 'custom_details');
  if (summary === undefined || source === undefined || severity === undefined) return null;
  const details: Record<string, unknown> = {
    ...Object.fromEntries(texts.filter(([, text]) => text !== undefined)),
    ...(customDetails ? { custom_details: customDetails } : {}),
    ...(client !== undefined ? { client } : {}),
    ...(clientUrl !== undefined && isWebUrl(clientUrl) ? { client_url: clientUrl } : {}),
    ...(links?.length ? { links } : {}),
    ...(images?.length ? { images } : {}),
  };
  return { summary: summary.trim(), source: source.trim(), severity, details };
}

export function readEnqueueEvent(body: unknown): EventCheck {
  if (!isObject(body)) return { event: null, errors: ['Event object must be a JSON object'] };
  const reader = new Reader();
  const routingKey = reader.requiredText(body, '', 'routing_key');
  if (routingKey !== undefined && routingKey.length !== ROUTING_KEY_LENGTH) {
    reader.errors.push(`Length of 'routing_key' is incorrect (should be ${ROUTING_KEY_LENGTH} characters)`);
  }
  const action = reader.oneOf(body, '', 'event_action', EVENT_ACTIONS);
  const needsKey = action === 'acknowledge' || action === 'resolve';
  const dedupKey =
    isBlank(body.dedup_key) && !needsKey ? null : reader.requiredText(body, '', 'dedup_key', DEDUP_KEY_MAX);
  const trigger = action === 'trigger' ? readTrigger(reader, body) : null;
  // Each reader call that gives back nothing has said why, so a missing part always comes with its error.
  if (reader.errors.length > 0 || routingKey === undefined || dedupKey === undefined)
    return { event: null, errors: reader.errors };
  if (action === 'trigger' && trigger)
    return { event: { routingKey, action, dedupKey, trigger }, errors: [] };
  if (needsKey && dedupKey !== null)
    return { event: { routingKey, action, dedupKey, trigger: null }, errors: [] };
  return { event: null, errors: reader.errors };
}
