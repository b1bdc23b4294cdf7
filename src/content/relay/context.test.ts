/**
 * The context a capture carries from the tap (when and where a request left the page, whether a wallet reading raced
 * a send) and how the relay uses it; and the page context that turns a page URL into a creator.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapturedExchange, CatalogueGift } from '../../core/tiktok/contracts';
import { observationSchema, type Observation } from '../../platform/observations';
import type { TapMessage } from '../tap-channel';
import { interpretTapMessage, type PageContext } from './interpret';
import { createPageContext, liveHandle, sameAddress } from './page';

const ME = '6812345678901234567';
const ROOM = '7412345678901234567';
const AT = 1_741_806_317_250;
const SEND_URL = `https://webcast.tiktok.com/webcast/gift/send/?aid=1988&room_id=${ROOM}`;
const WALLET_URL = 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988';
const FIRST_LIVE = 'https://www.tiktok.com/@first.creator/live';
const SECOND_LIVE = 'https://www.tiktok.com/@second.creator/live?enter_from=feed';

const sendBody = new URLSearchParams({ gift_id: '5655', room_id: ROOM, to_user_id: '6798765432101234567', count: '1' }).toString();
const sendAnswer = (order: number, left: number) =>
  `{"status_code":0,"data":{"order_id":${order},"msg_id":${order + 1},"gift_id":5655,"left_diamond":${left},"gifts":[{"gift":{"id":5655,"name":"Rose","diamond_count":1}}]},"extra":{"now":${AT}}}`;
const send = (over: Partial<CapturedExchange> = {}): TapMessage => ({
  v: 1, kind: 'exchange',
  exchange: { endpoint: 'gift-send', url: SEND_URL, method: 'POST', status: 200, requestBody: sendBody, responseText: sendAnswer(7481234567890123000, 99), at: AT, ...over },
});
const walletReading = (coins: number, over: Partial<CapturedExchange> = {}): TapMessage => ({
  v: 1, kind: 'exchange',
  exchange: { endpoint: 'wallet-balance', url: WALLET_URL, method: 'GET', status: 200, requestBody: null, responseText: `{"status_code":0,"data":{"coins":${coins}}}`, at: AT, ...over },
});

function context(over: Partial<PageContext> = {}): PageContext {
  return { account: () => ME, creatorHandle: (pageUrl) => (pageUrl ? liveHandle(pageUrl) ?? undefined : 'current.page'), catalogue: new Map<number, CatalogueGift>(), lastBalance: null, lastWalletReport: null, ...over };
}
const gifts = (observations: Observation[]) => observations.flatMap((o) => (o.type === 'gift' ? [o.entry] : []));
const balances = (observations: Observation[]) => observations.flatMap((o) => (o.type === 'balance' ? [o.balance] : []));
const valid = (observations: Observation[]) => observations.every((o) => observationSchema(JSON.parse(JSON.stringify(o)) as unknown, 'o').ok);

describe('a gift is attributed to the page it was sent from', () => {
  it('takes the creator from the page URL noted when the request left, not from where the page is now', () => {
    const observations = interpretTapMessage(send({ pageUrl: FIRST_LIVE, sentAt: AT - 181 }), context(), AT + 40);
    expect(gifts(observations)).toEqual([expect.objectContaining({ creatorHandle: 'first.creator', sentAt: AT - 181, at: AT })]);
    expect(valid(observations)).toBe(true);
  });

  it('falls back to the current page for captures that do not say (a tap of 0.1.0), and keeps no sentAt then', () => {
    const [gift] = gifts(interpretTapMessage(send(), context(), AT));
    expect(gift).toMatchObject({ creatorHandle: 'current.page' });
    expect(gift).not.toHaveProperty('sentAt');
  });

  it('refuses context fields out of bounds as a malformed capture', () => {
    for (const over of [{ pageUrl: 'x'.repeat(8193) }, { pageUrl: 42 }, { sentAt: -1 }, { sentAt: Number.NaN }, { sentAt: 9e15 }, { sentAt: AT - 180.7 }, { raced: 'yes' }]) {
      const [only] = interpretTapMessage(send(over as unknown as Partial<CapturedExchange>), context(), AT);
      expect(only, JSON.stringify(over)).toMatchObject({ type: 'diagnostic', reason: expect.stringMatching(/^malformed capture/) });
    }
  });
});

describe('wallet readings that raced a send', () => {
  it('are reported as raced, and are neither the base of the next send’s balance check nor a reading to repeat', () => {
    const page = context({ lastBalance: 100 });
    const raced = interpretTapMessage(walletReading(99, { raced: true }), page, AT);
    expect(balances(raced)).toEqual([expect.objectContaining({ coins: 99, source: 'wallet', raced: true })]);
    expect(valid(raced)).toBe(true);
    expect(page.lastBalance).toBe(100);
    // The same coins read cleanly a moment later are news: the worker reconciles only clean readings.
    const clean = interpretTapMessage(walletReading(99, { at: AT + 1_000, raced: false }), page, AT + 1_000);
    expect(balances(clean)).toEqual([expect.not.objectContaining({ raced: expect.anything() })]);
    expect(page.lastBalance).toBe(99);
    // A raced reading that repeats the clean one says nothing new.
    expect(interpretTapMessage(walletReading(99, { at: AT + 2_000, raced: true }), page, AT + 2_000)).toEqual([]);
  });
});

describe('a replay of the same captures makes the same entries', () => {
  it('interprets a send again, in a fresh page context, to the same fields apart from the cross-checks', () => {
    const message = send({ pageUrl: FIRST_LIVE, sentAt: AT - 200 });
    const [original] = gifts(interpretTapMessage(message, context({ lastBalance: 100 }), AT));
    const [replayed] = gifts(interpretTapMessage(message, context(), AT + 120_000));
    const { checks: _a, ...originalFields } = original!;
    const { checks: _b, ...replayedFields } = replayed!;
    expect(replayedFields).toEqual(originalFields);
  });
});

describe('the page context', () => {
  afterEach(() => vi.unstubAllGlobals());

  const sigi = JSON.stringify({ LiveRoom: { liveRoomUserInfo: { user: { id: '1', uniqueId: 'state.creator', roomId: ROOM } } } });
  function stubPage(current: string, loaded: string): void {
    vi.stubGlobal('location', { href: current });
    vi.stubGlobal('performance', { getEntriesByType: (type: string) => (type === 'navigation' ? [{ name: loaded }] : []) });
    vi.stubGlobal('document', { getElementById: (id: string) => (id === 'SIGI_STATE' ? { textContent: sigi } : null) });
  }

  it('reads the creator from a /@handle/live URL, decoded', () => {
    expect(liveHandle('https://www.tiktok.com/@caf%C3%A9.live/live?x=1')).toBe('café.live');
    expect(liveHandle('https://www.tiktok.com/@bad%E0/live')).toBeNull();
    expect(liveHandle('https://www.tiktok.com/foryou')).toBeNull();
    expect(liveHandle('not a url')).toBeNull();
  });

  it('uses the embedded state only for the URL the document was loaded at', () => {
    stubPage('https://www.tiktok.com/live/somewhere-else', 'https://www.tiktok.com/live?room=1');
    const page = createPageContext();
    expect(page.creatorHandle('https://www.tiktok.com/live?room=1#gifts')).toBe('state.creator');
    expect(page.creatorHandle('https://www.tiktok.com/live/somewhere-else')).toBeUndefined();
    expect(page.creatorHandle()).toBeUndefined(); // no page URL: the current one, reached client-side
    expect(page.creatorHandle(SECOND_LIVE)).toBe('second.creator');
  });

  it('compares addresses without fragments', () => {
    expect(sameAddress('https://a.example/x#1', 'https://a.example/x')).toBe(true);
    expect(sameAddress('https://a.example/x?1', 'https://a.example/x')).toBe(false);
    expect(sameAddress('https://a.example/x', null)).toBe(false);
  });
});
