import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/server/db/client.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import { withDatabase } from './postgres-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplate: { url: string; template: string } | null;
  }
}

/** Migrates once per run: a PGlite data dir dump, and a PostgreSQL template database every suite clones. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  const pglite = await openPglite();
  await migrateDatabase(pglite);
  const dump = await pglite.pglite?.dumpDataDir('none');
  if (!dump) throw new Error('PGlite dump failed');
  const templatePath = path.join(dir, 'template.tar');
  await writeFile(templatePath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplatePath', templatePath);

  const url = process.env.TEST_DATABASE_URL;
  const inCi = process.env.CI === 'true';
  let template: string | null = null;
  if (!url) {
    if (inCi) throw new Error('CI=true but TEST_DATABASE_URL is not set: PostgreSQL runs are required in CI');
    console.warn(
      '\n[switchboard] TEST_DATABASE_URL not set: database tests run on PGlite only (PostgreSQL skipped).\n',
    );
  } else {
    template = `sb_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
      await admin.query(`drop database if exists ${template}`);
      await admin.query(`create database ${template}`);
    } catch (error) {
      await admin.end().catch(() => {});
      if (inCi)
        throw new Error(
          `CI=true but PostgreSQL at TEST_DATABASE_URL is unreachable: ${(error as Error).message}`,
        );
      console.warn(
        `\n[switchboard] PostgreSQL unreachable (${(error as Error).message}): PostgreSQL runs skipped.\n`,
      );
      template = null;
    }
    if (template) {
      await admin.end();
      const handle = await openPostgres(withDatabase(url, template), { max: 1 });
      await migrateDatabase(handle);
      await handle.close();
    }
  }
  project.provide('postgresTemplate', url && template ? { url, template } : null);

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
