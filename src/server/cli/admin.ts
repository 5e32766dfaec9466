// `npm run admin -- reset <email>` (scripts/admin.mjs builds and runs this): the way back in when no
// platform admin can sign in. It opens the database the server would, so run it where the server runs.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Email } from '../auth/schemas.js';
import { ConfigError, loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { migrateDatabase } from '../db/migrate.js';
import { systemClock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { createLogger, serializeError } from '../lib/logger.js';
import { resetPlatformAdmin } from '../users/platform-admins.js';
import { openConfiguredDatabase } from './open-database.js';

const USAGE = 'usage: npm run admin -- reset <email>  (creates or re-enables that platform admin)';

// The same check as the API's email fields.
const ajv = new Ajv();
addFormats.default(ajv);
const isEmail = ajv.compile(Email);

async function reset(email: string): Promise<void> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(database);
    const ctx: AppContext = {
      db: database.db,
      clock: systemClock,
      config,
      logger: createLogger(config),
      mailer: null,
    };
    const access = await resetPlatformAdmin(ctx, email);
    console.log(
      `switchboard: ${access.existing ? 're-enabled' : 'created'} platform admin ${access.email}; ` +
        `sign in with password ${access.password} (shown once).`,
    );
  } finally {
    await database.close();
  }
}

async function main(args: string[]): Promise<number> {
  const [command, email, ...rest] = args;
  if (command !== 'reset' || email === undefined || rest.length > 0 || !isEmail(email.trim())) {
    console.error(USAGE);
    return 2;
  }
  try {
    await reset(email);
    return 0;
  } catch (error) {
    // A bad setting, a refusal (a partner's address): one line. Anything else: its frames too.
    if (!(error instanceof ConfigError || error instanceof AppError))
      console.error(serializeError(error).stack);
    console.error(`switchboard: ${serializeError(error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
