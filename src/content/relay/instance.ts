/**
 * One relay per tab per extension instance. The worker injects a relay into every open TikTok tab once per instance
 * (background/reattach.ts), which may find a relay of this instance already running: one the manifest injected into a
 * tab loaded since, or, in Firefox, one it injected by itself (Firefox re-injects content scripts when an add-on is
 * reloaded; Chrome does not). Measured: Chrome gives a relay of a new instance (after an update, a reload, a disable
 * and enable) a fresh isolated world, and a second relay of the same instance the same world; Firefox likewise gives
 * each instance its own sandbox. So a mark in the isolated world's global finds the live relay of this instance; it
 * also asks that relay whether it is alive, should a browser ever hand a new instance an old world.
 */
import type { ContentApi } from '../../platform/extension-api';

const MARK = Symbol.for('coinsight.relay');

/** True if this relay may run here (and it is now the one); false if a live relay of this instance runs already. */
export function claimTab(alive: () => boolean, scope: object = globalThis): boolean {
  const holder = scope as { [MARK]?: () => boolean };
  if (holder[MARK]?.()) return false;
  holder[MARK] = alive;
  return true;
}

/**
 * False once the extension this script belongs to was updated, reloaded, disabled or removed: Chrome leaves such a
 * content script running ("orphaned") with `runtime.id` undefined; Firefox may make its objects throw when touched.
 */
export function extensionAlive(api: ContentApi): boolean {
  try {
    return Boolean((api.runtime as { id?: string } | undefined)?.id);
  } catch {
    return false;
  }
}
