// HTTP throughput and latency: starts the built server on a throwaway database (`npm run bench` builds it).
import { writeResult } from './results.js';
import { CONNECTIONS, load, onBothDatabases, SECONDS, seedPartners, signIn, withServer } from './server.js';

const figures = await onBothDatabases((database, env) =>
  withServer(env, async (url) => {
    const cookie = await signIn(url);
    await seedPartners(url, cookie, 50);
    return [
      await load(database, url, '/healthz'),
      await load(database, url, '/api/v1/partners', { headers: { cookie } }),
    ];
  }),
);

console.table(figures);
await writeResult('http.json', {
  at: new Date().toISOString(),
  seconds: SECONDS,
  connections: CONNECTIONS,
  figures,
});
