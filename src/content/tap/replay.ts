/**
 * What the tap keeps for a relay that connects later (one injected into this tab after an update): the gift sends of
 * the last REPLAY_MS (at most REPLAY_MAX_SENDS) and the newest reading of each kind. Runs in the page's world, so it
 * walks and grows its arrays by index: Array.prototype methods and iterators are the page's to replace.
 */
import type { TrackedEndpoint } from '../../core/tiktok/contracts';
import { MAX_CHANNELS, REPLAY_MAX_SENDS, REPLAY_MS } from '../tap-channel';

export interface Kept { kind: TrackedEndpoint; json: string; at: number }

/**
 * The list with `entry` added, newest first. A replay goes oldest first, as the messages were posted, so it rebuilds
 * the relay's page context (catalogue, last balance) in the same order. Replayed sends were usually recorded already:
 * recording is idempotent by id.
 */
export function keep(kept: readonly Kept[], entry: Kept): Kept[] {
  const next: Kept[] = [entry];
  let sends = entry.kind === 'gift-send' ? 1 : 0;
  for (let i = 0; i < kept.length; i++) {
    const old = kept[i]!;
    if (old.kind === 'gift-send' ? entry.at - old.at <= REPLAY_MS && ++sends <= REPLAY_MAX_SENDS : old.kind !== entry.kind) next[next.length] = old;
  }
  return next;
}

/** Whether a kept message is still worth replaying at `now`. */
export const fresh = (kept: Kept, now: number): boolean => kept.kind !== 'gift-send' || kept.at >= now - REPLAY_MS;

/**
 * Where a new channel goes in a list of `count`: a relay injected after an update needs a channel of its own, and the
 * page could ask for many, so the list is capped. At the cap the newest is replaced: the first (the relay of the page
 * load) is never dropped, and a relay that connected before the newest belongs to an extension instance that ended.
 */
export const channelSlot = (count: number): number => (count < MAX_CHANNELS ? count : MAX_CHANNELS - 1);
