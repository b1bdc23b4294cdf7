/**
 * The one queue every settings write of the worker goes through (settings, limits; the lock later): each is a read of
 * storage.local, a change, and a write back, so two at once would each read the old value and one would be lost.
 * Chained on a module-level promise they run one after the other, in the order they arrived. A failed step rejects
 * its own caller only; the queue goes on. In memory on purpose: a worker that dies drops its queue along with the
 * messages waiting on it, whose senders see the error and may retry.
 */
let tail: Promise<unknown> = Promise.resolve();

export function inSettingsQueue<T>(step: () => Promise<T>): Promise<T> {
  const next = tail.then(step);
  tail = next.catch(() => undefined);
  return next;
}
