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

/** An absolute link into the SPA, for emails. */
export function appUrl(ctx: AppContext, path: string): string {
  const base = ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;
  return new URL(path, base).toString();
}
