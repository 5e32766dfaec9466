// The SPA's first-load JavaScript, gzipped, from the build's manifest (`npm run build:web` first):
// what a partner's first page loads (the entry and its static imports), and what signing in then adds
// for their overview (the app shell and the overview page with their static imports).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../src/server/paths.js';
import { writeResult } from './results.js';

/** The goal of issue #7 for a partner's first page. */
const BUDGET_KB = 200;
const WEB_DIST = path.join(projectRoot, 'dist/web');
/** Manifest keys (sources relative to src/web) of the chunks a signed-in partner's start page needs. */
const OVERVIEW_SOURCES = ['components/AppLayout.tsx', 'routes/OverviewPage.tsx'];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The chunks `keys` load before they run: themselves and their static imports, transitively. */
function staticClosure(manifest: Manifest, keys: string[]): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return [...seen].map((key) => (manifest[key] as ManifestChunk).file).filter((file) => file.endsWith('.js'));
}

async function sizeOf(files: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = await readFile(path.join(WEB_DIST, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: files.length, rawKb: round(raw / 1000), gzipKb: round(gzip / 1000) };
}

const round = (kb: number) => Math.round(kb * 10) / 10;

const manifest = JSON.parse(
  await readFile(path.join(WEB_DIST, '.vite/manifest.json'), 'utf8').catch(() => {
    throw new Error('no dist/web/.vite/manifest.json: run `npm run build:web` first');
  }),
) as Manifest;
const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
const firstPage = staticClosure(manifest, entries);
const overview = staticClosure(manifest, [...entries, ...OVERVIEW_SOURCES]);
const figures = {
  firstPage: await sizeOf(firstPage),
  signedInOverview: await sizeOf(overview),
  allJs: await sizeOf(
    [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((f) => f.endsWith('.js')),
  ),
};

const verdict = figures.firstPage.gzipKb <= BUDGET_KB ? 'within' : 'OVER';
console.log(
  `bench: first-load JS of a partner's first page: ${figures.firstPage.gzipKb} KB gzip ` +
    `(${figures.firstPage.rawKb} KB, ${figures.firstPage.files} files), ${verdict} the ${BUDGET_KB} KB budget`,
);
console.log(
  `bench: with the signed-in overview: ${figures.signedInOverview.gzipKb} KB gzip; ` +
    `all JS: ${figures.allJs.gzipKb} KB gzip in ${figures.allJs.files} files`,
);
await writeResult('first-load.json', { at: new Date().toISOString(), budgetKb: BUDGET_KB, ...figures });
