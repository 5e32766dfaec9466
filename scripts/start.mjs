// `npm start`: builds the server and the SPA when their output is missing or older than the sources, then runs.
import { buildServerIfStale, buildWebIfStale, requireNode24 } from './build-if-stale.mjs';

requireNode24();
const main = buildServerIfStale('main.js');
buildWebIfStale();
await import(main);
