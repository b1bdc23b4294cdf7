/**
 * The relay's outbox lives in storage.local, so that it survives the worker sleeping, the tab reloading and the worker
 * being killed mid-write. Each storage write of the outbox is one chunk under a key of its own, holding the
 * observations queued together (at most MAX_BATCH): storage.local's cost is per key (it reads each old value to
 * report the change), so a streak of 500 gifts costs one key, not 500. Any party may flush a chunk (recording is
 * idempotent); a chunk is removed once every observation in it was recorded or refused.
 */
import type { Observation } from './observations';

export const OUTBOX_PREFIX = 'outbox:';

export interface OutboxChunk {
  queuedAt: number;
  observations: Observation[];
}

/** A key no other tab will pick: chunks of several tabs share storage.local. */
export function newOutboxKey(): string {
  return `${OUTBOX_PREFIX}${Date.now().toString(36)}-${crypto.randomUUID()}`;
}

/** The queued chunks in a storage.local snapshot, oldest first, with the key each is stored under. */
export function outboxChunksFrom(all: Record<string, unknown>): { key: string; chunk: OutboxChunk }[] {
  return Object.entries(all)
    .filter(([key]) => key.startsWith(OUTBOX_PREFIX))
    .map(([key, value]) => ({ key, chunk: asChunk(value) }))
    .filter((found): found is { key: string; chunk: OutboxChunk } => found.chunk !== null)
    .sort((a, b) => a.chunk.queuedAt - b.chunk.queuedAt);
}

/**
 * Shape only: the observations inside are validated by the recorder like anything else from a content script.
 * A value that is not a chunk at all is left alone (and never removed) rather than guessed at.
 */
function asChunk(value: unknown): OutboxChunk | null {
  if (typeof value !== 'object' || value === null) return null;
  const { queuedAt, observations } = value as Partial<OutboxChunk>;
  if (!Array.isArray(observations)) return null;
  return { queuedAt: typeof queuedAt === 'number' ? queuedAt : 0, observations };
}
