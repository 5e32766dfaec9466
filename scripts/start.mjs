// `npm start`: builds the server and the SPA when their output is missing or older than the sources, then runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

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
if (outdated(at('dist/server/main.js'), [at('src/server'), at('tsconfig.server.json'), ...shared])) {
  run('the server', process.execPath, [at('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json']);
}
if (outdated(at('dist/web/index.html'), [at('src/web'), at('vite.config.ts'), ...shared])) {
  run('the web app', process.execPath, [at('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
}
await import(at('dist/server/main.js'));
