// Support cases under load: filing a case and reading the staff queue, at 50 connections, on PGlite and PostgreSQL.
import { writeResult } from './results.js';
import { csrfTokenOf, load, onBothDatabases, SECONDS, signIn, withServer } from './server.js';

const CONNECTIONS = Number(process.env.BENCH_CASE_CONNECTIONS ?? 50);

const figures = await onBothDatabases((database, env) =>
  withServer(env, async (url) => {
    const cookie = await signIn(url);
    const headers = {
      cookie,
      'x-csrf-token': await csrfTokenOf(url, cookie),
      'content-type': 'application/json',
    };
    const partner = (await (
      await fetch(`${url}/api/v1/partners`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Bench cases ${database}`, status: 'launched' }),
      })
    ).json()) as { id: string };
    const create = await load(database, url, `/api/v1/partners/${partner.id}/cases`, {
      method: 'POST',
      headers,
      connections: CONNECTIONS,
      label: '/api/v1/partners/{partnerId}/cases',
      body: JSON.stringify({
        category: 'technical_support',
        subject: 'Menu feed rejected after the price update',
        description:
          'Since 09:00 every menu upload fails validation with INVALID; merchants show old prices.',
      }),
    });
    // The queue as staff open it: unfinished cases, soonest SLA due first, first page of 50.
    const queue = await load(database, url, '/api/v1/cases?status=open,in_progress&limit=50', {
      headers: { cookie },
      connections: CONNECTIONS,
    });
    return [create, queue];
  }),
);

console.table(figures);
await writeResult('cases.json', {
  at: new Date().toISOString(),
  seconds: SECONDS,
  connections: CONNECTIONS,
  figures,
});
