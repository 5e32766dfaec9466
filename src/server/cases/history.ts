import type { CaseStatus } from '../../shared/cases.js';
import type { cases } from '../db/schema/index.js';
import type { CaseHistory } from '../sla/case-clock.js';
import type { CaseEventRow } from './events.js';

type CaseRow = typeof cases.$inferSelect;

/** The status history and first public staff reply, read from the case's event log. */
export function historyOf(row: CaseRow, events: readonly CaseEventRow[]): CaseHistory {
  const created = events.find((event) => event.type === 'created');
  const statuses: { at: Date; status: CaseStatus }[] = [
    { at: row.createdAt, status: (created?.data.status as CaseStatus | undefined) ?? row.status },
  ];
  for (const event of events) {
    if (event.type === 'status') statuses.push({ at: event.at, status: event.data.to as CaseStatus });
  }
  const reply = events.find(
    (event) => event.type === 'comment' && event.data.authorKind === 'staff' && !event.internal,
  );
  return { createdAt: row.createdAt, statuses, firstPublicStaffReplyAt: reply?.at ?? null };
}
