import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './postgres-url.js';

async function asAdmin(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh migrated PostgreSQL database cloned from this run's template, by URL: for a server process started
 * with DATABASE_URL, which opens it itself. `drop()` removes it, closing whatever is still connected.
 */
export async function clonePostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL is not available in this run');
  const name = `sb_proc_${randomBytes(6).toString('hex')}`;
  await asAdmin(template.url, `create database ${name} template ${template.template}`);
  return {
    url: withDatabase(template.url, name),
    drop: () => asAdmin(template.url, `drop database if exists ${name} with (force)`),
  };
}
