import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { pages } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { cancelJobsUnder, defineJob, enqueueJob } from '../lib/jobs.js';
import { notifyResponder } from './notify.js';
import { appendPageEvent, lockPageIfAny, newRunId, type PageRow } from './page-row.js';
import { resolveResponders } from './targets.js';

/*
 * Every timer of a page has a key under `page:<id>:`, so stopping a page's escalation is one delete. A step's
 * key names its run and position: the next step is set while the current step's job still holds its own key.
 */
export const pageTimersKey = (pageId: string) => `page:${pageId}:`;
const stepKey = (page: PageRow) => `page:${page.id}:step:${page.runId}:${page.round}:${page.level}`;
/**
 * An ack timeout's key names its run like a step's does: a renewed acknowledgement or a snooze sets its timer
 * while the old one's job may still be running and holding its own key.
 */
export const ackTimeoutsKey = (pageId: string) => `page:${pageId}:ack-timeout`;
export const ackTimeoutKey = (page: PageRow) => `${ackTimeoutsKey(page.id)}:${page.runId}`;

interface EscalationStep {
  pageId: string;
  runId: string;
  /** Where the page must still be for this step to apply; anything else means it already moved on. */
  fromLevel: number;
  fromRound: number;
}

/** Where a page goes after a level's delay: the next level, else round again while repeats remain, else stays. */
export function nextPosition(page: Pick<PageRow, 'level' | 'round' | 'policy'>) {
  const levels = Math.max(page.policy.levels.length, 1);
  if (page.level + 1 < levels) return { level: page.level + 1, round: page.round };
  if (page.round < page.policy.repeat) return { level: 0, round: page.round + 1 };
  return null;
}

/**
 * The page reaches a level: its responders are notified now, under the page lock, and the step to the next
 * level is set for when this level's delay is over. `page` is the row as it is now in this transaction.
 */
async function enterLevel(ctx: AppContext, q: Queryable, page: PageRow, cause: string): Promise<void> {
  const level = page.policy.levels[page.level];
  const { responders, fallback } = await resolveResponders(q, level, ctx.clock.now());
  await appendPageEvent(q, ctx.clock, {
    pageId: page.id,
    type: 'escalated',
    detail: {
      level: page.level + 1,
      round: page.round + 1,
      cause,
      responders: responders.map((r) => r.id),
      ...(fallback ? { fallback: 'platform_admins' } : {}),
    },
  });
  for (const responder of responders) await notifyResponder(ctx, q, page, responder);
  if (!nextPosition(page)) return;
  const runAt = new Date(ctx.clock.now().getTime() + (level?.delayMinutes ?? 30) * MINUTE);
  await enqueueJob(
    q,
    escalationStepJob(ctx),
    { pageId: page.id, runId: page.runId, fromLevel: page.level, fromRound: page.round },
    { runAt, singletonKey: stepKey(page) },
  );
}

/** Starts a fresh run at the first level: a new page, an ack that timed out, a reassignment. */
export async function startEscalation(ctx: AppContext, q: Queryable, page: PageRow, cause: string) {
  const [row] = await q
    .update(pages)
    .set({ status: 'triggered', level: 0, round: 0, runId: newRunId(), updatedAt: ctx.clock.now() })
    .where(eq(pages.id, page.id))
    .returning();
  if (!row) throw new Error('page vanished under its lock');
  await stopEscalation(q, page.id);
  await enterLevel(ctx, q, row, cause);
  return row;
}

/** Drops every pending timer of the page (steps, delayed notices, the ack timeout): its run is over. */
export async function stopEscalation(q: Queryable, pageId: string): Promise<void> {
  await cancelJobsUnder(q, pageTimersKey(pageId));
}

export function escalationStepJob(ctx: AppContext) {
  return defineJob<EscalationStep>({
    name: 'pages.escalate',
    async handle(step) {
      await ctx.db.transaction(async (tx) => {
        const page = await lockPageIfAny(tx, step.pageId);
        // An older run, an acknowledged or resolved page, or a step already taken (a repeated job run).
        if (page?.status !== 'triggered' || page.runId !== step.runId) return;
        if (page.level !== step.fromLevel || page.round !== step.fromRound) return;
        const next = nextPosition(page);
        if (!next) return;
        const [moved] = await tx
          .update(pages)
          .set({ ...next, updatedAt: ctx.clock.now() })
          .where(eq(pages.id, page.id))
          .returning();
        if (moved) await enterLevel(ctx, tx, moved, 'delay_elapsed');
      });
    },
  });
}

/** An acknowledgement (or a snooze) that ran out: the page is triggered again from the first level. */
export function ackTimeoutJob(ctx: AppContext) {
  return defineJob<{ pageId: string; runId: string }>({
    name: 'pages.ack-timeout',
    async handle({ pageId, runId }) {
      await ctx.db.transaction(async (tx) => {
        const page = await lockPageIfAny(tx, pageId);
        if (page?.status !== 'acknowledged' || page.runId !== runId) return;
        const snoozed = page.snoozedUntil !== null;
        await tx
          .update(pages)
          .set({ acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null })
          .where(eq(pages.id, pageId));
        await appendPageEvent(tx, ctx.clock, {
          pageId,
          type: snoozed ? 'snooze_ended' : 'ack_timed_out',
        });
        await startEscalation(ctx, tx, page, snoozed ? 'snooze_ended' : 'ack_timed_out');
      });
    },
  });
}
