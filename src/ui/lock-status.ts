/**
 * The parental lock's status as pages show it: read from the worker (never from storage: the lock's record is the
 * worker's), after the first paint, again whenever a page changed the lock (lockChanged), and when an unlock or a wait ends.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { send } from '../platform/messaging';
import type { LockStatus } from '../platform/protocol';

const listeners = new Set<() => void>();

/** Tells every lock view of this page to read the status again (after an unlock, a new PIN, a reset asked for). */
export function lockChanged(): void {
  for (const listener of listeners) listener();
}

/** The next time the status changes by itself: an unlock ending, a wait after wrong tries, a reset taking effect. */
function nextEdge(status: LockStatus): number | null {
  const { state } = status;
  const edges = [status.retryAt, state.kind === 'unlocked' ? state.until : null, state.kind === 'reset-pending' ? state.effectiveAt : null];
  const ahead = edges.filter((at): at is number => at !== null).map((at) => at - status.now);
  return ahead.length > 0 ? Math.min(...ahead) : null;
}

export function useLockStatus(): [LockStatus | null, () => void] {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [reads, setReads] = useState(0);
  const reload = useCallback(() => setReads((count) => count + 1), []);
  useEffect(() => {
    listeners.add(reload);
    return () => void listeners.delete(reload);
  }, [reload]);
  useEffect(() => {
    let live = true;
    send('lockStatus', {}).then((next) => live && setStatus(next), () => undefined);
    return () => void (live = false);
  }, [reads]);
  useEffect(() => {
    const edge = status ? nextEdge(status) : null;
    if (edge === null) return undefined;
    const timer = setTimeout(reload, Math.min(Math.max(edge + 250, 1000), 60_000));
    return () => clearTimeout(timer);
  }, [status, reload]);
  return [status, reload];
}
