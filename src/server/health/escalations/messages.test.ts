import { describe, expect, it } from 'vitest';
import { evidenceLines, noticeMessage } from './messages.js';
import type { EscalationView } from './queries.js';

const escalation = (overrides: Partial<EscalationView> = {}): EscalationView => ({
  id: '6f1c2a9e-0000-4000-8000-000000000001',
  number: 42,
  partnerId: '6f1c2a9e-0000-4000-8000-000000000002',
  partnerName: 'Wok Express',
  area: 'feed:menu',
  status: 'open',
  severity: 'high',
  rules: ['feed_stale'],
  evidence: { feed_stale: { hoursSinceClean: 30 } },
  openedAt: new Date('2026-11-25T08:00:00Z'),
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  pageId: null,
  healthUrl: 'https://switchboard.example.test/partners/p/health',
  ...overrides,
});

describe('evidenceLines', () => {
  it('writes a line per rule: integers as they are, fractions to four places, strings bare, the rest as JSON', () => {
    expect(
      evidenceLines({
        burn_rate: { shortRatio: 0.123456, calls: 120, window: '5m' },
        feed_errors: { days: [1, 2], ok: true },
      }),
    ).toBe('- burn_rate: shortRatio=0.1235, calls=120, window=5m\n- feed_errors: days=[1,2], ok=true');
  });

  it('drops trailing zeros of a rounded fraction', () => {
    expect(evidenceLines({ latency: { p95: 1.50004 } })).toBe('- latency: p95=1.5');
  });

  it('shows at most four rules and six fields of each', () => {
    const fields = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => [k, i]));
    const lines = evidenceLines(
      Object.fromEntries(['r1', 'r2', 'r3', 'r4', 'r5'].map((rule) => [rule, fields])),
    ).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('- r4: a=0, b=1, c=2, d=3, e=4, f=5');
  });

  it('is empty without evidence', () => {
    expect(evidenceLines({})).toBe('');
  });
});

describe('noticeMessage', () => {
  it('fills the mail of an opening in the contact’s language, with the acknowledge link and its expiry', () => {
    const message = noticeMessage({
      kind: 'opened',
      escalation: escalation(),
      locale: 'de',
      acknowledge: { url: 'https://ack.example.test/t', expiresAt: new Date('2026-11-26T09:30:00Z') },
    });
    expect(message.template).toBe('health_escalation_opened');
    expect(message.event).toBe('health_escalation.opened');
    expect(message.params).toEqual({
      number: '42',
      partner: 'Wok Express',
      area: 'Speisekarten-Feed',
      severity: 'hoch',
      evidence: '- feed_stale: hoursSinceClean=30',
      minutes: '0',
      healthLink: 'https://switchboard.example.test/partners/p/health',
      acknowledgeLink: 'https://ack.example.test/t',
      expires: '26.11.2026, 09:30 UTC',
    });
    expect(message.payload).toEqual({
      reason: 'opened',
      escalation: escalation(),
      acknowledgeUrl: 'https://ack.example.test/t',
    });
  });

  it('tells a raise from an opening by its reason, under the same event', () => {
    const message = noticeMessage({ kind: 'raised', escalation: escalation(), locale: 'en' });
    expect(message.template).toBe('health_escalation_raised');
    expect(message.event).toBe('health_escalation.opened');
    expect(message.payload).toMatchObject({ reason: 'raised' });
  });

  it('gives a reminder its minutes; without a link the link is empty, the expiry "not set" and the payload has no url', () => {
    const message = noticeMessage({ kind: 'reminder', escalation: escalation(), locale: 'fr', minutes: 45 });
    expect(message.template).toBe('health_escalation_reminder');
    expect(message.event).toBe('health_escalation.reminder');
    expect(message.params).toMatchObject({ minutes: '45', acknowledgeLink: '', severity: 'élevée' });
    expect(message.params.expires).toBe('non précisée');
    expect(message.payload).not.toHaveProperty('acknowledgeUrl');
  });

  it('sends a resolution under its own template and event', () => {
    const message = noticeMessage({ kind: 'resolved', escalation: escalation(), locale: 'en' });
    expect(message.template).toBe('health_escalation_resolved');
    expect(message.event).toBe('health_escalation.resolved');
    expect(message.params).toMatchObject({ area: 'menu feed', severity: 'high', minutes: '0' });
  });
});
