import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, type GiftEntry, type LedgerEntry } from './ledger';
import { asLiveVisit, giftsOfVisit, liveHandleOf, liveVisitKey, nextLiveVisit, viewedTab } from './live-visit';

const T = Date.parse('2025-03-12T17:00:00.000Z');

describe('which LIVE a tab shows', () => {
  it('reads the creator from www.tiktok.com/@handle/live, decoded, with or without a query', () => {
    expect(liveHandleOf('https://www.tiktok.com/@coinsight_creator/live')).toBe('coinsight_creator');
    expect(liveHandleOf('https://www.tiktok.com/@some.one/live?enter_from=feed#x')).toBe('some.one');
    expect(liveHandleOf('https://www.tiktok.com/@caf%C3%A9/live/')).toBe('café');
  });

  it('names no LIVE for other pages, other hosts, plain http, malformed URLs or none', () => {
    for (const url of [
      'https://www.tiktok.com/@creator', 'https://www.tiktok.com/@creator/video/1', 'https://www.tiktok.com/coin',
      'https://www.tiktok.com/@creator/lively', 'https://evil.example/@creator/live', 'http://www.tiktok.com/@creator/live',
      'https://www.tiktok.com/@%E0%A4%A/live', 'not a url', '', undefined,
    ]) expect(liveHandleOf(url)).toBeNull();
  });

  it('keeps the visit while the tab stays on that LIVE, starts a new one on another, ends it elsewhere', () => {
    const first = nextLiveVisit(null, 'https://www.tiktok.com/@a/live', T);
    expect(first).toEqual({ handle: 'a', enteredAt: T });
    expect(nextLiveVisit(first, 'https://www.tiktok.com/@a/live?reloaded=1', T + 60_000)).toBe(first);
    expect(nextLiveVisit(first, 'https://www.tiktok.com/@b/live', T + 60_000)).toEqual({ handle: 'b', enteredAt: T + 60_000 });
    expect(nextLiveVisit(first, 'https://www.tiktok.com/foryou', T + 60_000)).toBeNull();
    expect(nextLiveVisit(first, undefined, T + 60_000)).toBeNull(); // a page the extension may not read
  });

  it('reads back only well-formed stored visits, one key per tab', () => {
    expect(asLiveVisit({ handle: 'a', enteredAt: T })).toEqual({ handle: 'a', enteredAt: T });
    for (const bad of [null, 'a', {}, { handle: '', enteredAt: T }, { handle: 'a', enteredAt: -1 }, { handle: 'a', enteredAt: 1.5 }, { handle: 7, enteredAt: T }]) {
      expect(asLiveVisit(bad)).toBeNull();
    }
    expect(liveVisitKey(12)).toBe('liveVisit:12');
  });
});

describe('the gifts of a visit', () => {
  const gift = (at: number, creatorHandle: string | undefined): GiftEntry => ({
    kind: 'gift', id: `gift:${at}:${creatorHandle}`, at, coins: 1, account: '1', source: 'gift-send', parser: PARSER_VERSION,
    giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: '1', ...(creatorHandle ? { creatorHandle } : {}),
  });

  it('counts gifts to that creator from the moment the tab entered, and nothing else', () => {
    const entries: LedgerEntry[] = [gift(T - 1, 'a'), gift(T, 'a'), gift(T + 5, 'b'), gift(T + 9, undefined), gift(T + 10, 'a'),
      { kind: 'unseen-spend', id: 'unseen:1', at: T + 11, coins: 5, account: '1', source: 'balance-fall', parser: PARSER_VERSION }];
    expect(giftsOfVisit(entries, { handle: 'a', enteredAt: T }).map((g) => g.at)).toEqual([T, T + 10]);
  });
});

describe('the tab the popup is about', () => {
  const live = { id: 3, lastAccessed: 100 };
  const other = { id: 4, lastAccessed: 50 };
  const popupTab = { id: 5, lastAccessed: 200 };

  it('is the active tab when the popup opens over it (no tab of its own)', () => {
    expect(viewedTab(live, undefined, [live, other])).toBe(live);
  });

  it('is the tab used last before the popup, when the popup is itself the active tab', () => {
    expect(viewedTab(popupTab, popupTab, [other, popupTab, live])).toBe(live);
    expect(viewedTab(popupTab, popupTab, [popupTab])).toBeUndefined();
  });
});
