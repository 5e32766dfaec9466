import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, inject } from 'vitest';
import {
  type DatabaseHandle,
  type DatabaseKind,
  openPglite,
  openPostgres,
} from '../../src/server/db/client.js';
import { withDatabase } from './postgres-url.js';

export const DATABASE_KINDS: DatabaseKind[] = inject('postgresTemplate')
  ? ['pglite', 'postgres']
  : ['pglite'];

/** Runs the same suite on every database this run has: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe.each(DATABASE_KINDS)(`${title} [%s]`, body);
}

export interface TestDatabase extends DatabaseHandle {
  /** For tests that reconnect (a restart): opens another handle on the same database. */
  reopen(): Promise<DatabaseHandle>;
}

/** A fresh, migrated database: PGlite from the dumped template, PostgreSQL cloned from the template database. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { pool?: number } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = new Blob([await readFile(inject('pgliteTemplatePath'))]);
    const handle = await openPglite({ loadDataDir: dump });
    return { ...handle, reopen: () => Promise.reject(new Error('in-memory PGlite cannot be reopened')) };
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL is not available in this run');
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.template}`);
  await admin.end();
  const url = withDatabase(template.url, name);
  const handle = await openPostgres(url, { max: options.pool ?? 5 });
  return {
    ...handle,
    reopen: () => openPostgres(url, { max: options.pool ?? 5 }),
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: template.url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
