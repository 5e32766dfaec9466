import { MAX_SIGNAL_BATCH } from '../../../shared/health.js';
import type { ValidationIssue } from '../../lib/error-handler.js';
import { isEscapeFree, parseJsonText } from '../../lib/json-text.js';
import { compileBodyValidator, findUnstorableText } from '../../lib/validation.js';
import { partnerIdsOf } from '../signals.js';
import { SignalBatch } from './schemas.js';

/** Why a batch's body is refused whole, in the order the app checks any body: JSON, text, schema, then size. */
export type EnvelopeRefusal =
  | { kind: 'json'; message: string }
  | { kind: 'unstorable'; path: string[] }
  | { kind: 'schema'; issues: ValidationIssue[] }
  | { kind: 'too_many'; count: number };

export type ReadBatch = { events: unknown[]; partnerIds: string[] } | { refusal: EnvelopeRefusal };

const checkEnvelope = compileBodyValidator(SignalBatch);
// A BOM is kept, as Fastify's string bodies keep it, for parseJsonText to strip the way the app's parser does.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A signal batch's body as sent, read the way the app reads every JSON body (json-text.ts, validation.ts): the
 * route takes its body as bytes so that this, the costliest part of a batch, runs on the intake worker thread.
 */
export function readSignalBatch(bytes: Uint8Array): ReadBatch {
  const text = utf8.decode(bytes);
  const parsed = parseJsonText(text);
  if ('refused' in parsed) return { refusal: { kind: 'json', message: parsed.refused } };
  const body = parsed.value;
  const path = isEscapeFree(text) ? null : findUnstorableText(body);
  if (path) return { refusal: { kind: 'unstorable', path } };
  const envelope = envelopeOf(body);
  return 'refusal' in envelope
    ? envelope
    : { events: envelope.events, partnerIds: partnerIdsOf(envelope.events) };
}

/** A parsed body checked against the batch's schema, then its size. */
export function envelopeOf(body: unknown): { events: unknown[] } | { refusal: EnvelopeRefusal } {
  if (!checkEnvelope(body))
    return { refusal: { kind: 'schema', issues: (checkEnvelope.errors ?? []) as ValidationIssue[] } };
  const { events } = body as { events: unknown[] };
  if (events.length > MAX_SIGNAL_BATCH) return { refusal: { kind: 'too_many', count: events.length } };
  return { events };
}
