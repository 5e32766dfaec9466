// `npm run bench` (after `npm run build`): one script per figure, in turn; each prints its figures and
// writes them to bench/results/<figure>.json. Add a bench here.
await import('./first-load.js');
await import('./http.js');
await import('./cases.js');
await import('./oncall.js');
await import('./health.js');
