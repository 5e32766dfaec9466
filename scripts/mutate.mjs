// `npm run mutate [-- <stryker options>]`: mutation-tests the server with StrykerJS (stryker.config.mjs), then
// prints the mutation score of each folder of src/server from the JSON report.
// Example: npm run mutate -- --mutate 'src/server/tokens/**/*.ts'
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { default: config } = await import(path.join(root, 'stryker.config.mjs'));
const reportFile = path.join(root, config.jsonReporter.fileName);
const incrementalFile = path.join(root, config.incrementalFile);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// `--mutate <globs>` narrows the run but keeps the config's exclusions (tests, wiring): Stryker would otherwise
// replace the whole list, and `src/server/tokens/**/*.ts` would mutate tokens.test.ts too.
const exclusions = config.mutate.filter((pattern) => pattern.startsWith('!'));
let partial = false;
const args = process.argv.slice(2).map((arg, i, all) => {
  const globs = ['--mutate', '-m'].includes(all[i - 1] ?? '') || arg.startsWith('--mutate=');
  if (!globs) return arg;
  partial = true;
  return [arg, ...exclusions].join(',');
});

// Stryker rewrites the incremental file with the mutants of this run only. A run over part of the server
// merges into it instead, so the committed file keeps every other folder's results.
const previous = partial && existsSync(incrementalFile) ? readJson(incrementalFile) : null;

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

if (previous && existsSync(incrementalFile)) {
  const current = readJson(incrementalFile);
  const stillThere = (entries) =>
    Object.fromEntries(Object.entries(entries ?? {}).filter(([file]) => existsSync(path.join(root, file))));
  current.files = { ...stillThere(previous.files), ...current.files };
  current.testFiles = { ...stillThere(previous.testFiles), ...current.testFiles };
  writeFileSync(incrementalFile, JSON.stringify(current, null, 2));
}

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
