// `npm run admin -- reset <email>`: builds the server when it is missing or stale, then runs the admin command.
import { buildServerIfStale, requireNode24 } from './build-if-stale.mjs';

requireNode24();
await import(buildServerIfStale('cli/admin.js'));
