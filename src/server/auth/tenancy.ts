import { and, eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { partners } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';

/** Does the resource `id` belong to partner `partnerId`? */
export type OwnershipCheck = (db: Database, partnerId: string, id: string) => Promise<boolean>;

/** The ownership check for any table whose rows carry `id` and `partner_id`. */
export function ownedByPartner(table: PgTable & { id: AnyPgColumn; partnerId: AnyPgColumn }): OwnershipCheck {
  return async (db, partnerId, id) => {
    const rows = await db
      .select({ id: table.id })
      .from(table as PgTable)
      .where(and(eq(table.id, id), eq(table.partnerId, partnerId)));
    return rows.length > 0;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/**
 * The tenancy wall. Every partner-facing route lives under /api/v1/partners/:partnerId, and every
 * other path parameter on such a route must name a resource type registered here with an ownership
 * check. The access hook runs those checks before any handler, so a resource of another partner is
 * a 404 whatever the route does. Boot fails if a route uses a parameter nobody registered.
 */
export interface Tenancy {
  ownParam(param: string, check: OwnershipCheck): void;
  registerRoute(url: string): void;
  partnerExists(db: Database, partnerId: string): Promise<boolean>;
  assertOwnedParams(db: Database, partnerId: string, params: Record<string, string>): Promise<void>;
  /** Throws naming the first partner route that is not fully covered. */
  verify(): void;
  readonly routes: readonly string[];
}

export function createTenancy(): Tenancy {
  const checks = new Map<string, OwnershipCheck>();
  const routes: string[] = [];
  return {
    routes,
    ownParam(param, check) {
      checks.set(param, check);
    },
    registerRoute(url) {
      routes.push(url);
    },
    async partnerExists(db, partnerId) {
      const rows = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
      return rows.length > 0;
    },
    async assertOwnedParams(db, partnerId, params) {
      for (const [param, value] of Object.entries(params)) {
        if (param === 'partnerId') continue;
        const check = checks.get(param);
        if (!check) throw new Error(`no ownership check for :${param}`);
        if (!isUuid(value) || !(await check(db, partnerId, value))) throw notFound(param.replace(/Id$/, ''));
      }
    },
    verify() {
      for (const url of routes) {
        if (!url.startsWith('/api/v1/partners/:partnerId')) {
          throw new Error(`partner route ${url} must live under /api/v1/partners/:partnerId`);
        }
        for (const [, param] of url.matchAll(/:(\w+)/g)) {
          if (param && param !== 'partnerId' && !checks.has(param)) {
            throw new Error(`partner route ${url} uses :${param} without an ownership check`);
          }
        }
      }
    },
  };
}
