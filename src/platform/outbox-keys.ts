/**
 * The relay's outbox lives in storage.local, one key per observation, so that it survives the worker sleeping,
 * the tab reloading and the worker being killed mid-write. Any party may flush an item (recording is idempotent);
 * only a recorded or rejected item is removed.
 */
import type { Observation } from './observations';

export const OUTBOX_PREFIX = 'outbox:';

export interface OutboxItem {
  observation: Observation;
  queuedAt: number;
}

export const outboxKey = (observationId: string): string => `${OUTBOX_PREFIX}${observationId}`;

/** The queued items in a storage.local snapshot, oldest first, with the key each is stored under. */
export function outboxItemsFrom(all: Record<string, unknown>): { key: string; item: Partial<OutboxItem> }[] {
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(OUTBOX_PREFIX) && typeof value === 'object' && value !== null)
    .map(([key, value]) => ({ key, item: value as Partial<OutboxItem> }))
    .sort((a, b) => (a.item.queuedAt ?? 0) - (b.item.queuedAt ?? 0));
}
