import { isIP } from 'node:net';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string | null;
  /** The partner programme's integration documentation, linked from the SPA's Get help page. */
  docsUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  /** false, a hop count, or proxy addresses/CIDRs (what Fastify's `trustProxy` takes). */
  trustProxy: TrustProxy;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  bodyLimitBytes: number;
  jobPollMs: number;
  /** Days a resolved case waits for the partner before it closes itself. */
  caseAutoCloseDays: number;
  /** How long partner health keeps its minute buckets, and its hourly roll-ups. */
  healthMinuteRetentionDays: number;
  healthHourRetentionMonths: number;
  /** Events API v2 events one routing key may send per minute (PagerDuty answers 429 past its own limit). */
  eventsApiPerMinute: number;
  /** Webhooks may go to loopback and private addresses (development, tests); off, they are refused (SSRF). */
  webhookAllowPrivateNetworks: boolean;
  /** Signal batches (`POST /api/v1/signals`) one ingest token may send per minute. */
  signalBatchesPerMinute: number;
}

/** A configuration value that cannot be used; main.ts prints it as one line and exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;
export type TrustProxy = false | number | string[];

// proxy-addr's names for well-known ranges, accepted beside addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Trusting every hop would let any client choose its own address with X-Forwarded-For and walk past
 * every per-address limit, so only a hop count or the proxies' own addresses are accepted.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      "true would trust any client's X-Forwarded-For; write the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)",
    );
  }
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined) {
    throw new ConfigError('TRUST_PROXY', `"${bad}" is neither a hop count, an IP address nor a CIDR range`);
  }
  return entries;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env): string {
  const raw = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(raw))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

function optional(env: Env, name: string): string | null {
  const raw = env[name];
  return raw ? raw : null;
}

/** Reads and checks the environment once, at boot. */
export function loadConfig(env: Env = process.env): Config {
  const adminEmail = optional(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(
      adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'set ADMIN_EMAIL and ADMIN_PASSWORD together',
    );
  }
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Switchboard <switchboard@localhost>',
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    docsUrl: url(env, 'DOCS_URL', ['http:', 'https:']),
    adminEmail: adminEmail?.toLowerCase() ?? null,
    adminPassword,
    trustProxy: trustProxy(env),
    metricsToken: optional(env, 'METRICS_TOKEN'),
    logLevel: logLevel(env),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 8 * 60, 5, 7 * 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 7 * 24, 1, 90 * 24),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    jobPollMs: integer(env, 'JOB_POLL_MS', 1000, 50, 60_000),
    caseAutoCloseDays: integer(env, 'CASE_AUTO_CLOSE_DAYS', 7, 1, 365),
    healthMinuteRetentionDays: integer(env, 'HEALTH_MINUTE_RETENTION_DAYS', 30, 8, 365),
    healthHourRetentionMonths: integer(env, 'HEALTH_HOUR_RETENTION_MONTHS', 13, 1, 120),
    eventsApiPerMinute: integer(env, 'EVENTS_API_PER_MINUTE', 600, 1, 10_000_000),
    webhookAllowPrivateNetworks: flag(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    signalBatchesPerMinute: integer(env, 'SIGNAL_BATCHES_PER_MINUTE', 3000, 1, 10_000_000),
  };
}
