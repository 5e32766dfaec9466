import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { oncallSettings, services } from '../db/schema/index.js';
import { invalid } from '../lib/errors.js';

export interface OncallSettings {
  /** Where confirmed urgent cases page; null pages every platform admin. */
  urgentCaseServiceId: string | null;
  /** How long an acknowledgement holds before the page re-triggers; 0 never. */
  ackTimeoutMinutes: number;
}

export async function readOncallSettings(q: Queryable): Promise<OncallSettings> {
  const [row] = await q.select().from(oncallSettings).where(eq(oncallSettings.id, 1));
  return {
    urgentCaseServiceId: row?.urgentCaseServiceId ?? null,
    ackTimeoutMinutes: row?.ackTimeoutMinutes ?? 30,
  };
}

export async function updateOncallSettings(ctx: AppContext, actor: Actor, input: OncallSettings) {
  return ctx.db.transaction(async (tx) => {
    if (input.urgentCaseServiceId !== null) {
      const [service] = isUuid(input.urgentCaseServiceId)
        ? await tx
            .select({ id: services.id })
            .from(services)
            .where(eq(services.id, input.urgentCaseServiceId))
        : [];
      if (!service) throw invalid('urgentCaseServiceId', 'is not a known service', 'invalid_id');
    }
    const before = await readOncallSettings(tx);
    await tx
      .insert(oncallSettings)
      .values({ id: 1, ...input, updatedAt: ctx.clock.now() })
      .onConflictDoUpdate({ target: oncallSettings.id, set: { ...input, updatedAt: ctx.clock.now() } });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'oncall.settings_changed',
      subjectType: 'oncall_settings',
      subjectId: '1',
      before: { ...before },
      after: { ...input },
    });
    return readOncallSettings(tx);
  });
}
