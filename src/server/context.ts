import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';

/** What services need from the outside world; built once per app, never holds HTTP objects. */
export interface AppContext {
  db: Database;
  clock: Clock;
  config: Config;
  logger: Logger;
}
