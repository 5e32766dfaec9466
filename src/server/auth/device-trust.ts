import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Database } from '../db/client.js';
import { serverSecrets } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { randomSecret, safeEqual, sha256 } from '../lib/secrets.js';

/*
 * A device cookie marks a browser that has signed in to an account before (OWASP's "device cookies").
 * It lets that browser past the account-wide failure limit, so strangers guessing from everywhere
 * cannot lock the owner out; it grants no access by itself. Its value is
 * `v1.<user id>.<issued at, ms>.<HMAC-SHA256 of what precedes it>`.
 *
 * The signing key is generated on first use and kept in the database (server_secrets): every instance
 * sharing the database signs and checks with the same key without any configuration, and it survives
 * restarts and deploys, so the cookies stay good for their 180 days. (A per-process key would differ
 * between instances and die with the process; an environment variable would be one more thing an
 * operator must generate and keep equal everywhere.) Whoever can read the table can already read the
 * password hashes, and with the key could only skip that one limit.
 */
export const DEVICE_COOKIE = 'sb_device';
export const DEVICE_TRUST_MS = 180 * 24 * HOUR;
const SECRET_NAME = 'device_cookie';

const keys = new WeakMap<Database, Promise<string>>();

async function readOrCreateKey(ctx: AppContext): Promise<string> {
  // Instances racing here both insert; the first wins and both read its key.
  await ctx.db
    .insert(serverSecrets)
    .values({ name: SECRET_NAME, value: randomSecret(), createdAt: ctx.clock.now() })
    .onConflictDoNothing();
  const [row] = await ctx.db
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.name, SECRET_NAME));
  if (!row) throw new Error('device cookie key missing right after it was stored');
  return row.value;
}

/** Read once per database handle: the key never changes. */
function signingKey(ctx: AppContext): Promise<string> {
  let key = keys.get(ctx.db);
  if (!key) {
    key = readOrCreateKey(ctx);
    keys.set(ctx.db, key);
    key.catch(() => keys.delete(ctx.db));
  }
  return key;
}

const sign = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export async function issueDeviceToken(ctx: AppContext, userId: string): Promise<string> {
  const payload = `v1.${userId}.${ctx.clock.now().getTime()}`;
  return `${payload}.${sign(await signingKey(ctx), payload)}`;
}

/**
 * The device's id (a hash of its cookie) when `token` is an unexpired device cookie this server signed
 * for `userId`; null for anything else: no cookie, another account's, expired, or tampered with.
 */
export async function trustedDeviceId(
  ctx: AppContext,
  token: string | null,
  userId: string,
): Promise<string | null> {
  const parts = token?.split('.') ?? [];
  if (parts.length !== 4) return null;
  const [version, tokenUserId, issuedAt, signature] = parts as [string, string, string, string];
  if (version !== 'v1' || tokenUserId !== userId) return null;
  const age = ctx.clock.now().getTime() - Number(issuedAt);
  if (!Number.isSafeInteger(age) || age >= DEVICE_TRUST_MS) return null;
  const expected = sign(await signingKey(ctx), `${version}.${tokenUserId}.${issuedAt}`);
  return safeEqual(signature, expected) ? sha256(parts.join('.')) : null;
}
