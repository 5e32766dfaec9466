// `node scripts/merge-mutation-results.mjs <other incremental.json> [<folder> ...]`: takes the mutation results
// of a run made in another clone (several clones can each mutate some folders at once) into
// stryker/incremental.json. A source file's results are taken when the file is in one of the folders named
// (all when none is) and its source there is the one in this checkout; a test file's entry is taken when its
// source is the one here, so Stryker's next incremental run redoes exactly what changed since.
// Name exactly the folders (or `health/escalations`-style subfolders) the other run mutated: it carries every other
// file's results as they were when it started, which may be older than the ones merged here since.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [otherFile, ...folders] = process.argv.slice(2);
if (!otherFile) {
  console.error('usage: node scripts/merge-mutation-results.mjs <other incremental.json> [<folder> ...]');
  process.exit(2);
}
const targetFile = path.join(root, 'stryker/incremental.json');
const target = JSON.parse(readFileSync(targetFile, 'utf8'));
const other = JSON.parse(readFileSync(otherFile, 'utf8'));
const sourceHere = (file) => {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
};
const wanted = (file) =>
  folders.length === 0 ||
  folders.some((folder) => file.startsWith(`src/server/${folder.replace(/\/$/, '')}/`));

let files = 0;
let stale = 0;
for (const [file, result] of Object.entries(other.files)) {
  if (!wanted(file)) continue;
  if (result.source !== sourceHere(file)) {
    stale++;
    continue;
  }
  target.files[file] = result;
  files++;
}
let tests = 0;
for (const [file, result] of Object.entries(other.testFiles ?? {})) {
  if (result.source === undefined || result.source !== sourceHere(file)) continue;
  target.testFiles[file] = result;
  tests++;
}
// Indented as Stryker writes it, so the committed file's diffs stay readable (no newline at the end, as Stryker writes it).
writeFileSync(targetFile, JSON.stringify(target, null, 2));
console.log(
  `merged ${files} source files (${stale} skipped: changed since that run) and ${tests} test files`,
);
