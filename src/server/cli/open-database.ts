import { mkdirSync } from 'node:fs';
import { type Config, ConfigError } from '../config.js';
import { type DatabaseHandle, openPglite, openPostgres } from '../db/client.js';
import { lockDataDir } from '../db/data-dir-lock.js';

/**
 * The database the configuration names, for every process that opens it (the server, `npm run admin`):
 * PostgreSQL at DATABASE_URL, else PGlite in DATA_DIR, which one process at a time may hold.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  if (!config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    const unlock = lockDataDir(config.dataDir);
    const handle = await openPglite({ dataDir: config.dataDir });
    return { ...handle, close: () => handle.close().finally(unlock) };
  }
  try {
    return await openPostgres(config.databaseUrl);
  } catch (error) {
    const host = new URL(config.databaseUrl).host;
    throw new ConfigError('DATABASE_URL', `cannot connect to ${host}: ${(error as Error).message}`);
  }
}
