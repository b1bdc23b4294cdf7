import { describe, expect, it } from 'vitest';
import { MAX_CHANNELS, REPLAY_MAX_SENDS, REPLAY_MS } from '../tap-channel';
import { channelSlot, fresh, keep, type Kept } from './replay';

const T = 1_741_806_317_000;
const send = (n: number, at = T + n): Kept => ({ kind: 'gift-send', json: `send ${n}`, at });
const reading = (kind: 'gift-list' | 'wallet-balance', n: number, at = T + n): Kept => ({ kind, json: `${kind} ${n}`, at });
const replayOrder = (kept: Kept[], now: number) => [...kept].reverse().filter((k) => fresh(k, now)).map((k) => k.json);

describe('the tap’s replay buffer', () => {
  it('replays the newest reading of each kind and the sends, in the order they were posted', () => {
    let kept: Kept[] = [];
    for (const entry of [reading('gift-list', 1), reading('wallet-balance', 2), send(3), send(4), reading('wallet-balance', 5), send(6)]) kept = keep(kept, entry);
    expect(replayOrder(kept, T + 10)).toEqual(['gift-list 1', 'send 3', 'send 4', 'wallet-balance 5', 'send 6']);
  });

  it('keeps the sends of the last ten minutes, at most 200, the newest', () => {
    let kept: Kept[] = [keep([], send(0, T))[0]!];
    kept = keep(kept, send(1, T + REPLAY_MS)); // exactly ten minutes later: both kept
    expect(kept.map((k) => k.json)).toEqual(['send 1', 'send 0']);
    kept = keep(kept, send(2, T + REPLAY_MS + 1)); // the first is now older than that
    expect(kept.map((k) => k.json)).toEqual(['send 2', 'send 1']);
    // A reading is kept however old, until a newer one of its kind; a send ages out at replay time too.
    kept = keep(kept, reading('gift-list', 3, T));
    expect(replayOrder(kept, T + 2 * REPLAY_MS + 2)).toEqual(['gift-list 3']);

    let many: Kept[] = [];
    for (let n = 0; n < REPLAY_MAX_SENDS + 50; n++) many = keep(many, send(n));
    expect(many).toHaveLength(REPLAY_MAX_SENDS);
    expect(many[0]!.json).toBe(`send ${REPLAY_MAX_SENDS + 49}`);
    expect(many[REPLAY_MAX_SENDS - 1]!.json).toBe('send 50');
  });

  it('gives new channels free slots up to the cap, then replaces the newest, never the first', () => {
    expect([0, 1, MAX_CHANNELS - 1].map(channelSlot)).toEqual([0, 1, MAX_CHANNELS - 1]);
    expect(channelSlot(MAX_CHANNELS)).toBe(MAX_CHANNELS - 1);
  });
});
