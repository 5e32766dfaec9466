import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/server/paths.js';

/** Writes one bench's figures to bench/results/<name> (git-ignored) and says so. */
export async function writeResult(name: string, report: unknown): Promise<void> {
  const outDir = path.join(projectRoot, 'bench/results');
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, name), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`bench: wrote bench/results/${name}`);
}
