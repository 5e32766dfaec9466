import pino from 'pino';
import type { Database } from '../../src/server/db/client.js';

/** Probes for job worker tests: what the worker logs, and what it asks of the database. */

export const silentLogger = pino({ level: 'silent' });

/** A logger that keeps what it writes, for tests of what an operator gets to see. */
export function recordingLogger() {
  const lines: { level: number; msg: string; [field: string]: unknown }[] = [];
  return {
    lines,
    logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
  };
}

/** The database as a worker sees it, counting its statements and failing them on demand (a lost connection). */
export function observedDatabase(db: Database) {
  const seen = { statements: 0, failWith: null as Error | null };
  const observed = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Database['execute']>) => {
        seen.statements++;
        return seen.failWith ? Promise.reject(seen.failWith) : target.execute(...args);
      };
    },
  });
  return { db: observed, seen };
}

/** Polls a condition every 10 ms, for at most 2 s (the worker's own timers run for real). */
export async function waitUntil(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
