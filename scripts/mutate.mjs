// `npm run mutate [-- <stryker options>]`: mutation-tests the server with StrykerJS (stryker.config.mjs), then
// prints the mutation score of each folder of src/server from the JSON report.
// Example: npm run mutate -- --mutate 'src/server/tokens/**/*.ts'
// The tests run on the databases they find: without TEST_DATABASE_URL on PGlite alone, in about half the time.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { default: config } = await import(path.join(root, 'stryker.config.mjs'));
const reportFile = path.join(root, config.jsonReporter.fileName);
const incrementalFile = path.join(root, config.incrementalFile);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// `--mutate <globs>` narrows the run but keeps the config's exclusions (tests, wiring): Stryker would otherwise
// replace the whole list, and `src/server/tokens/**/*.ts` would mutate tokens.test.ts too.
// Results of files outside a narrowed run stay in the incremental file and the report (Stryker carries them
// over), so the table below still covers every folder mutated before.
const exclusions = config.mutate.filter((pattern) => pattern.startsWith('!'));
const args = process.argv.slice(2).map((arg, i, all) => {
  const globs = ['--mutate', '-m'].includes(all[i - 1] ?? '') || arg.startsWith('--mutate=');
  return globs ? [arg, ...exclusions].join(',') : arg;
});

const started = Date.now();
const stryker = spawnSync(path.join(root, 'node_modules/.bin/stryker'), ['run', ...args], {
  cwd: root,
  stdio: 'inherit',
});
const seconds = Math.round((Date.now() - started) / 1000);
if (stryker.status !== 0 || !existsSync(reportFile)) {
  console.error(`stryker did not finish (exit ${stryker.status ?? stryker.signal}) after ${seconds} s`);
  process.exit(stryker.status || 1);
}

// Stryker writes JSON its own way; formatted like the rest of the repository, the committed file passes
// `npm run lint`. (Past biome's 1 MiB limit lint skips it with a warning; excluding stryker/ in biome.json
// would silence that.)
spawnSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', incrementalFile], {
  cwd: root,
  stdio: 'ignore',
});

/** Stryker's mutation score: detected (killed, timed out) over detected and undetected (survived, not covered). */
const COLUMNS = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'Errors'];
const folderOf = (file) => {
  const [folder, ...rest] = path.relative('src/server', file).split(path.sep);
  return rest.length === 0 ? '(src/server)' : folder;
};
const rows = new Map();
const total = Object.fromEntries(COLUMNS.map((c) => [c, 0]));
for (const [file, { mutants }] of Object.entries(readJson(reportFile).files)) {
  const row = rows.get(folderOf(file)) ?? Object.fromEntries(COLUMNS.map((c) => [c, 0]));
  for (const { status } of mutants) {
    const column = COLUMNS.includes(status) ? status : 'Errors';
    row[column]++;
    total[column]++;
  }
  rows.set(folderOf(file), row);
}
const score = (r) => {
  const detected = r.Killed + r.Timeout;
  const valid = detected + r.Survived + r.NoCoverage;
  return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)} %`;
};
const table = [...rows.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([folder, r]) => ({ folder, ...r, score: score(r) }));
table.push({ folder: 'all', ...total, score: score(total) });
console.log(
  `\nMutation score per folder of src/server (${seconds} s; report: ${path.relative(root, reportFile)})`,
);
console.table(Object.fromEntries(table.map(({ folder, ...r }) => [folder, r])));
