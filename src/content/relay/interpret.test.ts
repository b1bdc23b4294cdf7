import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, entryIds } from '../../core/ledger';
import type { CapturedExchange, CatalogueGift } from '../../core/tiktok/contracts';
import { observationSchema, type Observation } from '../../platform/observations';
import { MAX_CAPTURE_CHARS, type TapMessage } from '../tap-channel';
import { WALLET_REPEAT_MS, interpretTapMessage, parseTapMessage, type PageContext } from './interpret';

const ME = '6812345678901234567';
const ROOM = '7412345678901234567';
const CREATOR = '6798765432101234567';
const ORDER = '7481234567890123457'; // beyond 2^53: must survive digit for digit
const MSG = '7481234567890999991';
const AT = 1_741_806_317_250;
const NOW = AT + 40;

const SEND_URL = `https://webcast.tiktok.com/webcast/gift/send/?aid=1988&app_name=tiktok_web&device_platform=web_pc&room_id=${ROOM}&msToken=t0k&X-Bogus=DFSzswVu`;
const LIST_URL = `https://webcast.tiktok.com/webcast/gift/list/?aid=1988&app_name=tiktok_web&room_id=${ROOM}`;
const WALLET_URL = 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988&app_name=tiktok_web';

const ROSE_IMAGE = 'https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp';
const DOUGHNUT_JSON = { id: 5879, name: 'Doughnut', diamond_count: 30, type: 1, combo: true, image: { url_list: ['https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/4e7ad6bdf0a1d860c538f38026d4e812~tplv-obj.webp'] } };

function sendRequest(fields: Record<string, string | number> = {}): string {
  return new URLSearchParams(Object.entries({
    gift_id: 5879, room_id: ROOM, to_user_id: CREATOR, count: 1, send_type: 1, enter_from: 'live_detail_', send_gift_req_start_ms: AT - 900, ...fields,
  }).map(([k, v]) => [k, String(v)])).toString();
}

/** A gift/send success as TikTok writes it: order and msg ids as bare 64-bit numbers. */
function sendSuccess(data: Record<string, unknown> = {}): string {
  const json = JSON.stringify({
    data: { gift_id: 5879, repeat_count: 1, combo_count: 1, group_count: 1, group_id: AT - 2_000, left_diamond: 970, gifts: [{ gift: DOUGHNUT_JSON }], ...data },
    extra: { now: AT },
    status_code: 0,
  });
  return json.replace('"data":{', `"data":{"order_id":${ORDER},"msg_id":${MSG},`);
}

function exchange(over: Partial<CapturedExchange> = {}): CapturedExchange {
  return { endpoint: 'gift-send', url: SEND_URL, method: 'POST', status: 200, requestBody: sendRequest(), responseText: sendSuccess(), at: AT, ...over };
}
const tap = (captured: unknown): TapMessage => ({ v: 1, kind: 'exchange', exchange: captured as CapturedExchange });

function page(over: Partial<PageContext> = {}): PageContext {
  return { account: () => ME, creatorHandle: () => 'sunset.cooking', catalogue: new Map<number, CatalogueGift>(), lastBalance: null, lastWalletReport: null, ...over };
}

/** What the background would say about an observation: every one the relay makes must pass. */
function expectValid(observations: Observation[]): void {
  for (const observation of observations) {
    const checked = observationSchema(JSON.parse(JSON.stringify(observation)) as unknown, 'observation');
    expect(checked, JSON.stringify(observation)).toEqual({ ok: true, value: observation });
  }
}

function expectDiagnostic(observations: Observation[], endpoint: string, reason: string | RegExp, at: number, forbidden: string[] = []): void {
  expect(observations).toHaveLength(1);
  const [only] = observations;
  expect(only).toMatchObject({ type: 'diagnostic', endpoint, at, id: expect.stringMatching(/^diagnostic:[0-9a-f]{16}$/) });
  expect((only as Extract<Observation, { type: 'diagnostic' }>).reason).toMatch(reason);
  const text = JSON.stringify(only);
  for (const word of forbidden) expect(text, `diagnostic leaks "${word}"`).not.toContain(word);
  expectValid(observations);
}

describe('parseTapMessage', () => {
  it('accepts the tap’s own messages', () => {
    const message = tap(exchange());
    expect(parseTapMessage(JSON.stringify(message))).toEqual(message);
    expect(parseTapMessage(JSON.stringify({ v: 1, kind: 'navigation', url: 'https://www.tiktok.com/@sunset.cooking/live' })))
      .toEqual({ v: 1, kind: 'navigation', url: 'https://www.tiktok.com/@sunset.cooking/live' });
  });

  it('returns null for anything else, never throwing', () => {
    const garbage: unknown[] = [
      undefined, null, 42, {}, { v: 1, kind: 'exchange' }, ['{"v":1}'], '', 'hello', '{"v":1,', 'null', '42', '"{\\"v\\":1}"', '[1]',
      '{"v":2,"kind":"exchange"}', '{"kind":"exchange"}', '{"v":"1","kind":"navigation"}',
      `{"v":1,"kind":"exchange","pad":"${'x'.repeat(MAX_CAPTURE_CHARS + 65_536 + 16_384)}"}`,
    ];
    for (const raw of garbage) expect(parseTapMessage(raw), typeof raw === 'string' ? raw.slice(0, 40) : String(raw)).toBeNull();
  });
});

describe('interpretTapMessage: gift sends', () => {
  it('turns a successful send into a gift and the balance it left', () => {
    const context = page({ lastBalance: 1_000 });
    const observations = interpretTapMessage(tap(exchange()), context, NOW);
    const id = entryIds.giftByOrder(ORDER);
    expect(observations).toEqual([
      {
        type: 'gift', id,
        entry: {
          kind: 'gift', id, at: AT, coins: 30, account: ME, source: 'gift-send', parser: PARSER_VERSION, giftId: 5879, giftName: 'Doughnut',
          unitCoins: 30, count: 1, roomId: ROOM, creatorId: CREATOR, creatorHandle: 'sunset.cooking', orderId: ORDER, msgId: MSG,
          checks: { catalogue: 'unknown', balance: 'match' },
        },
      },
      {
        type: 'balance', id: entryIds.balance(ME, AT, 970), lastWebOrderAt: null,
        balance: { id: entryIds.balance(ME, AT, 970), account: ME, at: AT, coins: 970, source: 'gift-send' },
      },
    ]);
    expect(context.lastBalance).toBe(970);
    expectValid(observations);
  });

  it('cross-checks each send of a streak against the balance the previous one left', () => {
    const context = page({ lastBalance: 1_000 });
    interpretTapMessage(tap(exchange()), context, NOW);
    const second = interpretTapMessage(tap(exchange({
      at: AT + 800,
      responseText: sendSuccess({ left_diamond: 940, repeat_count: 2, combo_count: 2 }).replace(ORDER, '7481234567890123999').replace(MSG, '7481234567891000001'),
    })), context, NOW + 800);
    expect(second[0]).toMatchObject({ type: 'gift', entry: { coins: 30, checks: { balance: 'match' }, orderId: '7481234567890123999' } });
    expect(context.lastBalance).toBe(940);
  });

  it('gives the same ids when the same capture is interpreted twice, so the ledger counts it once', () => {
    const first = interpretTapMessage(tap(exchange()), page(), NOW);
    const again = interpretTapMessage(tap(exchange()), page(), NOW + 5_000);
    expect(again.map((o) => o.id)).toEqual(first.map((o) => o.id));
  });

  it('records nothing for a refused send (40001 Insufficient Fund) and keeps the last balance', () => {
    const context = page({ lastBalance: 12 });
    const refused = JSON.stringify({ data: { message: 'Insufficient Fund', prompts: 'Insufficient balance' }, extra: { now: AT }, status_code: 40001 });
    expect(interpretTapMessage(tap(exchange({ responseText: refused })), context, NOW)).toEqual([]);
    expect(context.lastBalance).toBe(12);
  });

  it('records nothing for an HTTP error or a request that never got an answer', () => {
    const context = page({ lastBalance: 1_000 });
    expect(interpretTapMessage(tap(exchange({ status: 500, responseText: 'Internal Server Error' })), context, NOW)).toEqual([]);
    expect(interpretTapMessage(tap(exchange({ status: 502, responseText: sendSuccess() })), context, NOW)).toEqual([]);
    expect(interpretTapMessage(tap(exchange({ status: 0, responseText: null })), context, NOW)).toEqual([]);
    expect(context.lastBalance).toBe(1_000);
  });

  it('reports a truncated response as a diagnostic naming the endpoint and the reason, never the body', () => {
    const full = sendSuccess();
    const observations = interpretTapMessage(tap(exchange({ responseText: full.slice(0, Math.floor(full.length / 2)) })), page(), NOW);
    expectDiagnostic(observations, 'gift-send', 'gift-send: response is not JSON', AT, [ORDER, MSG, 'order_id', 'left_diamond', 'Doughnut', ROOM]);
  });

  it('reports a blocked page (HTML with status 200) as a diagnostic', () => {
    const html = '<html><head><title>Access Denied</title></head><body>Request blocked. Reference #18.6b1e3b17</body></html>';
    expectDiagnostic(interpretTapMessage(tap(exchange({ responseText: html })), page(), NOW), 'gift-send', /not JSON/, AT, ['Access Denied', '18.6b1e3b17']);
  });

  it('reports a success of an unknown shape as a diagnostic, not a guessed spend', () => {
    const unknown = `{"status_code":0,"data":{"send_result":{"gift":{"gift_id_str":"5879"},"wallet":{"balance_str":"970"},"ticket":${ORDER}}},"extra":{"now":${AT}}}`;
    const context = page({ lastBalance: 1_000 });
    context.catalogue.set(5879, { id: 5879, name: 'Doughnut', coins: 30, type: 1, combo: true, imageHash: null });
    const observations = interpretTapMessage(tap(exchange({ responseText: unknown })), context, NOW);
    expectDiagnostic(observations, 'gift-send', /unknown shape/, AT, [ORDER, 'send_result', 'balance_str', '970']);
    expect(context.lastBalance).toBe(1_000);
  });

  it('reports a capture with missing or mistyped fields as a malformed capture, timed by the relay', () => {
    const cases: [unknown, string][] = [
      [{ ...exchange(), status: '200' }, 'gift-send'],
      [{ ...exchange(), url: undefined }, 'gift-send'],
      [{ ...exchange(), responseText: 5 }, 'gift-send'],
      [{ ...exchange(), at: -1 }, 'gift-send'],
      [{ ...exchange(), endpoint: 'wallet-balance', url: WALLET_URL, method: null }, 'wallet-balance'],
      [{ ...exchange(), endpoint: 'coin-page' }, 'gift-send'],
      [null, 'gift-send'],
    ];
    for (const [captured, endpoint] of cases) {
      const observations = interpretTapMessage(tap(captured), page(), NOW);
      expectDiagnostic(observations, endpoint, /^malformed capture: exchange/, NOW, [ORDER, 'Doughnut']);
    }
  });

  it('does not believe a capture for a URL the tap would not have hooked', () => {
    for (const url of [
      'https://evil.example/webcast/gift/send/',
      'https://www.tiktok.com.evil.example/webcast/gift/send/',
      'https://webcast.tiktok.com/webcast/gift/send/extra',
      LIST_URL, // a gift-list URL dressed up as a send
      'javascript:alert(1)//webcast/gift/send/',
    ]) {
      const observations = interpretTapMessage(tap(exchange({ url })), page(), NOW);
      expectDiagnostic(observations, 'gift-send', 'capture for an untracked URL', NOW, [ORDER]);
    }
    expectDiagnostic(interpretTapMessage(tap(exchange({ endpoint: 'wallet-balance' })), page(), NOW), 'wallet-balance', 'capture for an untracked URL', NOW);
  });

  it('ignores navigation messages', () => {
    expect(interpretTapMessage({ v: 1, kind: 'navigation', url: 'https://www.tiktok.com/@sunset.cooking/live' }, page(), NOW)).toEqual([]);
  });
});

describe('interpretTapMessage: gift list', () => {
  const listBody = JSON.stringify({
    status_code: 0,
    data: {
      gifts: [
        { id: 5655, name: 'Rose', diamond_count: 1, type: 1, combo: true, image: { url_list: [ROSE_IMAGE] } },
        DOUGHNUT_JSON,
        { id: 11046, name: 'Galaxy', diamond_count: 1000, type: 2, combo: false },
        { id: 'broken', name: 'Nothing', diamond_count: 1 },
      ],
      pages: [{ page_name: 'Gifts', gifts: [{ id: 9072, name: 'TikTok Universe', diamond_count: 44_999, type: 2, combo: false }] }],
      gifts_info: { gift_group_infos: [{ group_count: 10 }, { group_count: 99 }] },
    },
    extra: { now: AT },
  });
  const listExchange = (over: Partial<CapturedExchange> = {}) =>
    exchange({ endpoint: 'gift-list', url: LIST_URL, method: 'GET', requestBody: null, responseText: listBody, ...over });

  it('updates the page catalogue and reports it', () => {
    const context = page();
    const observations = interpretTapMessage(tap(listExchange()), context, NOW);
    expect([...context.catalogue.keys()].sort((a, b) => a - b)).toEqual([5655, 5879, 9072, 11046]);
    expect(context.catalogue.get(5655)).toEqual({ id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' });
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ type: 'catalogue', at: AT, id: expect.stringMatching(/^catalogue:/) });
    expect((observations[0] as Extract<Observation, { type: 'catalogue' }>).gifts.map((g) => [g.name, g.coins])).toEqual([
      ['Rose', 1], ['Doughnut', 30], ['Galaxy', 1000], ['TikTok Universe', 44_999],
    ]);
    expectValid(observations);
  });

  it('prices a later send from that catalogue when the send response carries no gift object', () => {
    const context = page({ lastBalance: 5_000 });
    interpretTapMessage(tap(listExchange()), context, NOW);
    const withoutGift = sendSuccess({ gift_id: 11046, gifts: undefined, left_diamond: 4_000 });
    const [giftObservation] = interpretTapMessage(tap(exchange({ requestBody: sendRequest({ gift_id: 11046 }), responseText: withoutGift, at: AT + 60_000 })), context, NOW);
    expect(giftObservation).toMatchObject({ type: 'gift', entry: { giftName: 'Galaxy', unitCoins: 1000, coins: 1000, checks: { catalogue: 'unknown', balance: 'match' } } });
  });

  it('keeps the catalogue it had when the list is refused or broken', () => {
    const context = page();
    context.catalogue.set(5655, { id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: null });
    const refused = JSON.stringify({ status_code: 10011, data: { message: 'room has finished' }, extra: { now: AT } });
    expect(interpretTapMessage(tap(listExchange({ responseText: refused })), context, NOW)).toEqual([]);
    expectDiagnostic(interpretTapMessage(tap(listExchange({ responseText: '{"status_code":0,"data":{"gifts":[{"id":5655,"na' })), context, NOW),
      'gift-list', 'gift-list: response is not JSON', AT, ['5655']);
    expectDiagnostic(interpretTapMessage(tap(listExchange({ responseText: '{"status_code":0,"data":{"gifts":[{"id":"x"}]}}' })), context, NOW),
      'gift-list', 'gift-list: no valid gifts', AT);
    expect([...context.catalogue.keys()]).toEqual([5655]);
  });
});

describe('interpretTapMessage: wallet balance', () => {
  const walletExchange = (responseText: string, over: Partial<CapturedExchange> = {}) =>
    exchange({ endpoint: 'wallet-balance', url: WALLET_URL, method: 'GET', requestBody: null, responseText, ...over });
  const wallet = JSON.stringify({
    status_code: 0,
    data: { coins: 4_250, frozen_coins: 0, redeem_info: { coins_balance: 4_250 }, last_web_order: { finish_time: 1_741_800_000, device_platform: 'web' } },
    extra: { now: AT },
  });

  it('reports the balance with the time of the last web order and remembers it for the next send', () => {
    const context = page();
    const observations = interpretTapMessage(tap(walletExchange(wallet)), context, NOW);
    const id = entryIds.balance(ME, AT, 4_250);
    expect(observations).toEqual([{ type: 'balance', id, lastWebOrderAt: 1_741_800_000_000, balance: { id, account: ME, at: AT, coins: 4_250, source: 'wallet' } }]);
    expect(context.lastBalance).toBe(4_250);
    expectValid(observations);
  });

  it('leaves out a repeat of the last reading within a minute, and reports a changed reading or an old repeat', () => {
    const context = page();
    const at = (offset: number, coins = 4_250) => tap(walletExchange(wallet.replace('"coins":4250', `"coins":${coins}`), { at: AT + offset }));
    expect(interpretTapMessage(at(0), context, NOW)).toHaveLength(1);
    expect(interpretTapMessage(at(1_000), context, NOW)).toEqual([]);
    expect(interpretTapMessage(at(WALLET_REPEAT_MS - 1), context, NOW)).toEqual([]);
    // Coins changed (a gift was sent, coins were bought): reported at once, and that becomes the reading to repeat.
    expect(interpretTapMessage(at(WALLET_REPEAT_MS - 1, 4_249), context, NOW)).toMatchObject([{ balance: { coins: 4_249 } }]);
    expect(context.lastBalance).toBe(4_249);
    expect(interpretTapMessage(at(WALLET_REPEAT_MS + 5_000, 4_249), context, NOW)).toEqual([]);
    expect(interpretTapMessage(at(2 * WALLET_REPEAT_MS, 4_249), context, NOW)).toMatchObject([{ balance: { coins: 4_249, at: AT + 2 * WALLET_REPEAT_MS } }]);
    // Another account signed in on the same page: its first reading is news.
    expect(interpretTapMessage(at(2 * WALLET_REPEAT_MS + 1, 4_249), { ...context, account: () => '6999999999999999999' }, NOW)).toHaveLength(1);
  });

  it('reports a balance of zero, and a balance before the account is known under the unknown account', () => {
    const empty = JSON.stringify({ status_code: 0, data: { coins: 0 }, extra: { now: AT } });
    const [observation] = interpretTapMessage(tap(walletExchange(empty)), page({ account: () => '' }), NOW);
    expect(observation).toMatchObject({ type: 'balance', lastWebOrderAt: null, balance: { account: '', coins: 0 } });
  });

  it('reports a cut-off or shapeless wallet response as a diagnostic and keeps the last balance', () => {
    const context = page({ lastBalance: 300 });
    expectDiagnostic(interpretTapMessage(tap(walletExchange('{"status_code":0,"data":{"coins":')), context, NOW), 'wallet-balance', 'wallet: response is not JSON', AT);
    expectDiagnostic(interpretTapMessage(tap(walletExchange('{"status_code":0,"data":{"balance":"4250"}}')), context, NOW), 'wallet-balance', 'wallet: no valid coins', AT, ['4250']);
    expect(interpretTapMessage(tap(walletExchange('{"status_code":20003,"data":{"message":"login expired"}}')), context, NOW)).toEqual([]);
    expect(context.lastBalance).toBe(300);
  });
});
