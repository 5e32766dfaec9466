import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';
import type { Mailer } from './lib/mail.js';

/** What services need from the outside world; built once per app, never holds HTTP objects. */
export interface AppContext {
  db: Database;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** null without SMTP_URL: mail is then kept in the outbox for admins to read. */
  mailer: Mailer | null;
}

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/**
 * The one address users reach, in the start line, in links and in `GET /api/v1/meta`: PUBLIC_URL, else
 * where the server listens (any-address shown as localhost). main.ts sets `port` to the bound one.
 */
export function baseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl;
  const host = WILDCARD_HOSTS.has(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.port}`;
}

/** An absolute link into the SPA, for emails. */
export function appUrl(ctx: AppContext, path: string): string {
  return new URL(path, baseUrl(ctx.config)).toString();
}
