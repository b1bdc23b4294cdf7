/**
 * The one way the worker writes to the activity log (issue 11: tamper evidence and the parent's view). Everything
 * that may matter to a parent later (a protected change, a PIN failure, a gap in the heartbeat) is one row, written
 * in its own small transaction after the change it describes, so logging never holds up or undoes the change.
 */
import type { ActivityEvent, ActivityEventKind, CoinsightDb } from '../../platform/db';

export async function logActivity(db: CoinsightDb, kind: ActivityEventKind, at: number, detail: ActivityEvent['detail'] = {}): Promise<ActivityEvent> {
  const row: ActivityEvent = { kind, id: crypto.randomUUID(), at, detail };
  await db.activity.add(row);
  return row;
}
