// The fake TikTok answers with the real shapes (see /work/shared/tiktok/README.md), over real HTTPS, routed by Host.
import https from 'node:https';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GIFTS, PACKAGES, packagePrice, startFakeTikTok, type FakeTikTok } from './server.js';

const WWW = 'www.tiktok.com';
const WEBCAST = 'webcast.tiktok.com';
const ORIGIN = 'https://www.tiktok.com';
const ROOM = '7300000000000000001';
const COMMON = 'aid=1988&app_name=tiktok_web&device_platform=web_pc';

let fake: FakeTikTok;

beforeAll(async () => {
  fake = await startFakeTikTok({ initialCoins: 1000 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.control.reset();
});

interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

type RequestOptions = { method?: string; headers?: Record<string, string>; body?: string };

function request(host: string, path: string, opts: RequestOptions = {}): Promise<Res> {
  return open(host, path, opts).response;
}

/** A request whose ClientRequest the test keeps (to abort it). */
function open(host: string, path: string, opts: RequestOptions = {}): { req: ClientRequest; response: Promise<Res> } {
  let req!: ClientRequest;
  const response = new Promise<Res>((resolve, reject) => {
    req = https.request(
      {
        host: '127.0.0.1',
        port: fake.port,
        path,
        method: opts.method ?? 'GET',
        servername: /^[\d.]+$/.test(host) ? undefined : host,
        headers: { Host: host, ...(opts.headers ?? {}) },
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
  return { req, response };
}

function sendGift(giftId: number, extra: Record<string, string> = {}, origin = ORIGIN): Promise<Res> {
  return openSend(giftId, extra, origin).response;
}

function openSend(giftId: number, extra: Record<string, string> = {}, origin = ORIGIN): { req: ClientRequest; response: Promise<Res> } {
  const body = new URLSearchParams({
    gift_id: String(giftId),
    room_id: ROOM,
    to_user_id: '6000000000000000001',
    count: '1',
    send_type: '1',
    send_scene: '1',
    enter_from: 'live_detail',
    send_gift_req_start_ms: String(Date.now()),
    is_subscription: 'false',
    is_opted_in_host: 'false',
    ...extra,
  }).toString();
  return open(WEBCAST, `/webcast/gift/send/?${COMMON}&room_id=${ROOM}&msToken=FAKE&X-Bogus=FAKE&_signature=FAKE`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body,
  });
}

const balance = async (): Promise<any> => JSON.parse((await request(WEBCAST, `/webcast/wallet_api/fs/diamond_buy/permission_v2?${COMMON}`)).body);

/** The inline page scripts must at least parse. */
function expectInlineScriptsParse(html: string): void {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) expect(() => new Function(src)).not.toThrow();
}

describe('the LIVE page', () => {
  it('embeds the viewer and the room before any other script, and loads gifts and balance from webcast', async () => {
    const res = await request(WWW, '/@some.creator/live');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.body;
    expect(html).toContain('<meta charset="utf-8">');
    const head = html.slice(0, html.indexOf('</head>'));
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts[0]).toBe(' id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json"');
    expect(scripts[1]).toBe(' id="SIGI_STATE" type="application/json"');
    expect(head).toContain('SIGI_STATE');

    const universal = JSON.parse(/<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__"[^>]*>([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(universal.__DEFAULT_SCOPE__['webapp.app-context'].user).toEqual({
      uid: '6912345678901234567',
      uniqueId: 'coinsight_viewer',
      nickName: 'Viewer',
    });
    const sigi = JSON.parse(/<script id="SIGI_STATE"[^>]*>([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    const user = sigi.LiveRoom.liveRoomUserInfo.user;
    expect(user.uniqueId).toBe('some.creator');
    expect(user.roomId).toMatch(/^\d{19}$/);
    expect(user.roomId).not.toBe(ROOM); // only the default creator has the default room
    expect(user.id).toMatch(/^\d{19}$/);
    expect(fake.creator('some.creator')).toEqual({ id: user.id, uniqueId: 'some.creator', nickname: 'some.creator', roomId: user.roomId });

    for (const marker of ['gift-panel', 'balance', 'send-status', 'transport', 'send-count', 'combo', 'room', 'refresh-balance', 'suggested-lives']) {
      expect(html).toContain(`data-testid="${marker}"`);
    }
    expect(html).toContain('/webcast/gift/list/');
    expect(html).toContain('/webcast/wallet_api/fs/diamond_buy/permission_v2');
    expect(html).toContain('/webcast/gift/send/');
    expect(html).toContain('history.pushState');
    expect(html).toContain('data-reads="0"');
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=["']https?:/); // no external resources
    expectInlineScriptsParse(html);
  });

  it('uses the configured viewer, or none when logged out', async () => {
    fake.control.setViewer({ uid: '7000000000000000042', uniqueId: 'second_account', nickName: 'Second' });
    expect((await request(WWW, '/@c/live')).body).toContain('"uniqueId":"second_account"');
    fake.control.setViewer(null);
    const html = (await request(WWW, '/@c/live')).body;
    const universal = JSON.parse(/<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__"[^>]*>([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(universal.__DEFAULT_SCOPE__['webapp.app-context'].user).toBeUndefined();
  });
});

describe('webcast endpoints', () => {
  it('GET /webcast/gift/list/ answers the real envelope with the fake catalogue', async () => {
    const res = await request(WEBCAST, `/webcast/gift/list/?${COMMON}&room_id=${ROOM}`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const json = JSON.parse(res.body);
    expect(json.status_code).toBe(0);
    expect(typeof json.extra.now).toBe('number');
    expect(typeof json.extra.log_id).toBe('string');
    expect(json.data.gifts).toHaveLength(GIFTS.length);
    expect(json.data.gifts.length).toBeGreaterThanOrEqual(12);
    expect(json.data.pages[0].page_name).toBe('Gifts');
    expect(json.data.pages[0].gifts).toHaveLength(GIFTS.length);
    expect(json.data.gifts_info.gift_group_infos).toEqual([{ group_count: 10 }, { group_count: 99 }, { group_count: 365 }, { group_count: 999 }]);
    for (const g of json.data.gifts) {
      expect(g).toMatchObject({ id: expect.any(Number), name: expect.any(String), diamond_count: expect.any(Number), type: expect.any(Number) });
      expect(g.combo).toBe(g.type === 1);
      expect(g.image.url_list[0]).toMatch(/^https:\/\/p16-webcast\.tiktokcdn\.com\/img\/maliva\/webcast-va\/(?:[0-9a-f]{32}|resource\/[0-9a-f]{32}\.png)~tplv-obj\.webp$/);
    }
    const rose = json.data.gifts.find((g: any) => g.name === 'Rose');
    expect(rose).toMatchObject({ id: 5655, diamond_count: 1, type: 1, combo: true });
    expect(rose.image.url_list[0]).toContain('eba3a9bb85c33e017f3648eaf88d7189');
    const lion = json.data.gifts.find((g: any) => g.name === 'Lion');
    expect(lion).toMatchObject({ diamond_count: 29999, type: 2, combo: false });
  });

  it('GET permission_v2 answers the balance envelope', async () => {
    fake.control.setBalance(1234);
    const res = await request(WEBCAST, `/webcast/wallet_api/fs/diamond_buy/permission_v2?${COMMON}`, { headers: { Origin: ORIGIN } });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const json = JSON.parse(res.body);
    expect(json).toMatchObject({
      status_code: 0,
      data: {
        coins: 1234,
        frozen_coins: 0,
        redeem_info: { coins_balance: 1234 },
        last_web_order: { finish_time: 0, device_platform: 'web' },
        exchange: { currency: 'USD', unit_price: 105, price_dot: 4 },
      },
      extra: { now: expect.any(Number) },
    });
  });

  it('can answer malformed balances and gift lists', async () => {
    fake.control.malformedBalance(true);
    fake.control.malformedGiftList(true);
    const b = await request(WEBCAST, `/webcast/wallet_api/fs/diamond_buy/permission_v2?${COMMON}`);
    const g = await request(WEBCAST, `/webcast/gift/list/?${COMMON}`);
    expect(b.status).toBe(200);
    expect(() => JSON.parse(b.body)).toThrow();
    expect(() => JSON.parse(g.body)).toThrow();
  });

  it('handles CORS: credentials for https://www.tiktok.com only, and preflight', async () => {
    const pre = await request(WEBCAST, `/webcast/gift/send/?${COMMON}`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-secsdk-csrf-token' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type,x-secsdk-csrf-token');

    const other = await sendGift(5655, {}, 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('POST /webcast/gift/send/', () => {
  it('answers the success envelope and debits the balance', async () => {
    const res = await sendGift(9102); // Finger Heart, 5 coins
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const json = JSON.parse(res.body);
    expect(json).toMatchObject({
      status_code: 0,
      data: {
        gift_id: 9102,
        repeat_count: 1,
        combo_count: 1,
        group_count: 1,
        left_diamond: 995,
        gifts: [{ gift: { id: 9102, name: 'Finger Heart', diamond_count: 5, type: 1, combo: true, image: { url_list: expect.any(Array) } } }],
      },
      extra: { now: expect.any(Number) },
    });
    expect(fake.state.balance).toBe(995);
    const sent = fake.state.sends.at(-1);
    expect(sent).toMatchObject({ outcome: 'ok', giftId: 9102, roomId: ROOM, count: 1, debited: 5, balanceAfter: 995 });
    expect(sent?.query).toContain('msToken=FAKE');
    expect(sent?.body).toContain('enter_from=live_detail');
  });

  it('writes order_id and msg_id as bare 19-digit JSON numbers, exact in the raw body', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await sendGift(5655);
      const raw = /"order_id":(\d+)[,}]/.exec(res.body)?.[1];
      const msg = /"msg_id":(\d+)[,}]/.exec(res.body)?.[1];
      const room = /"room_id":(\d+)[,}]/.exec(res.body)?.[1];
      expect(raw).toMatch(/^\d{19}$/);
      expect(msg).toMatch(/^\d{19}$/);
      expect(room).toBe(ROOM);
      expect(BigInt(raw ?? '0')).toBeGreaterThan(2n ** 53n);
      // A plain JSON.parse cannot keep it: the parser under test must read the raw text.
      expect(String(JSON.parse(res.body).data.order_id)).not.toBe(raw);
      expect(fake.state.sends.at(-1)?.orderId).toBe(raw);
      ids.add(raw ?? '');
    }
    expect(ids.size).toBe(3);
  });

  it('continues a combo streak: same group_id, growing repeat_count; non-combo gifts stand alone', async () => {
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push(JSON.parse((await sendGift(5655)).body).data);
    expect(bodies.map((d) => d.repeat_count)).toEqual([1, 2, 3]);
    expect(bodies.map((d) => d.combo_count)).toEqual([1, 2, 3]);
    expect(new Set(bodies.map((d) => d.group_id)).size).toBe(1);
    expect(bodies[0].group_id).toBeGreaterThan(1_600_000_000_000); // the streak's start, in ms
    expect(bodies.map((d) => d.left_diamond)).toEqual([999, 998, 997]);

    fake.control.endStreaks();
    const next = JSON.parse((await sendGift(5655)).body).data;
    expect(next.repeat_count).toBe(1);
    expect(next.group_id).not.toBe(bodies[0].group_id);

    fake.control.setBalance(100_000);
    const lion = JSON.parse((await sendGift(9110)).body).data;
    expect(lion).toMatchObject({ gift_id: 9110, repeat_count: 1, group_id: 0, left_diamond: 100_000 - 29_999 });
  });

  it('debits price × count for a batch', async () => {
    const d = JSON.parse((await sendGift(9103, { count: '10' })).body).data; // Perfume, 20 coins
    expect(d).toMatchObject({ group_count: 10, left_diamond: 800 });
  });

  it('answers 40001 without a debit when the balance is short', async () => {
    fake.control.setBalance(10);
    const res = await sendGift(9104); // Doughnut, 30 coins
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^\{"data":\{"message":"Insufficient Fund","prompts":"Insufficient balance"\},"extra":\{"now":\d+\},"status_code":40001\}$/);
    expect(fake.state.balance).toBe(10);
    expect(fake.state.sends.at(-1)).toMatchObject({ outcome: 'insufficient', debited: 0, statusCode: 40001 });
  });

  it('plays queued outcomes in order', async () => {
    fake.control.nextSends(['insufficient', 'http500', 'malformed', 'truncated', 'unknown-shape', 'network-error', 'cut', 'ok']);

    const insufficient = await sendGift(5655);
    expect(JSON.parse(insufficient.body).status_code).toBe(40001);

    const http500 = await sendGift(5655);
    expect(http500.status).toBe(500);

    const malformed = await sendGift(5655);
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.body)).toThrow();

    const truncated = await sendGift(5655);
    expect(truncated.status).toBe(200);
    expect(truncated.body.startsWith('{"status_code":0,"data":{"gift_id":5655')).toBe(true);
    expect(() => JSON.parse(truncated.body)).toThrow();

    const unknown = JSON.parse((await sendGift(5655)).body);
    expect(unknown.status_code).toBe(0);
    expect(unknown.data.left_diamond).toBeUndefined();
    expect(unknown.data.gift_id).toBeUndefined();

    await expect(sendGift(5655)).rejects.toThrow(); // network-error: socket destroyed
    await expect(sendGift(5655)).rejects.toThrow(); // cut: headers, half a body, then the socket drops

    const ok = JSON.parse((await sendGift(5655)).body);
    expect(ok.status_code).toBe(0);

    expect(fake.state.sends.map((s) => [s.outcome, s.debited])).toEqual([
      ['insufficient', 0],
      ['http500', 0],
      ['malformed', 0],
      ['truncated', 1],
      ['unknown-shape', 1],
      ['network-error', 0],
      ['cut', 1],
      ['ok', 1],
    ]);
    expect(fake.state.balance).toBe(996);
    expect(() => fake.control.nextSends(['nope' as never])).toThrow();
  });
});

describe('the /coin page and the payment', () => {
  it('carries every data-e2e marker, with package coins and localised prices', async () => {
    const res = await request(WWW, '/coin');
    expect(res.status).toBe(200);
    const html = res.body;
    expect(html).toContain('<meta charset="utf-8">');
    expect(/<script([^>]*)>/.exec(html)?.[1]).toBe(' id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json"');
    for (const marker of [
      'wallet-coins-balance',
      'wallet-package-custom',
      'wallet-package-coin-custom-input-box',
      'wallet-total-price',
      'wallet-buy-now-button',
      'cashier-order-coin-num',
      'cashier-order-coin-total-price',
      'cashier-footer-button',
    ]) {
      expect(html).toContain(`data-e2e="${marker}"`);
    }
    // The selected package's marker is set by the page's script when a package is picked.
    expect(html).toContain("'wallet-package-selected'");
    expect(html).toMatch(/data-e2e="wallet-buy-now-button"[^>]*>Recharge</);
    expect(html).toMatch(/data-e2e="cashier-footer-button">Pay now</);

    const coins = PACKAGES.map((_, i) => new RegExp(`data-e2e="wallet-package-coin-num-${i}">([^<]*)<`).exec(html)?.[1]);
    expect(coins).toEqual(['70', '350', '700', '1,400', '3,500', '7,000', '17,500']);
    const prices = PACKAGES.map((_, i) => new RegExp(`data-e2e="wallet-package-price-${i}">([^<]*)<`).exec(html)?.[1]);
    expect(prices).toEqual(['$0.74', '$3.70', '$7.40', '$14.80', '$37.00', '$74.00', '$185.00']);
    PACKAGES.forEach((_, i) => expect(html).toContain(`data-e2e="wallet-package-${i}"`));
    expectInlineScriptsParse(html);
  });

  it('formats prices per locale (vi-VN: "₫98,000")', async () => {
    fake.control.setLocale('vi-VN');
    const html = (await request(WWW, '/coin')).body;
    expect(/data-e2e="wallet-package-price-1">([^<]*)</.exec(html)?.[1]).toBe('₫98,000');
    expect(packagePrice(70, 'vi-VN').text).toBe('₫19,600');
    expect((await balance()).data.exchange.currency).toBe('VND');
  });

  it('Pay now credits the balance and redirects to end-result; a failed payment does not', async () => {
    const pay = await request(WWW, '/__fake/coin/pay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify({ coins: 350, custom: false }),
    });
    expect(pay.status).toBe(200);
    const { redirect } = JSON.parse(pay.body);
    expect(redirect).toMatch(/^https:\/\/www\.tiktok\.com\/coin\/end-result\?payment_status=succeed&order_id=\d{19}&charge_id=[\w-]+&pay_method=card$/);
    const b = await balance();
    expect(b.data.coins).toBe(1350);
    expect(b.data.last_web_order.finish_time).toBeGreaterThan(1_600_000_000);
    expect(b.data.last_web_order.finish_time).toBeLessThan(10_000_000_000); // seconds, not ms
    expect(fake.state.orders.at(-1)).toMatchObject({ coins: 350, status: 'succeed', currency: 'USD', amountMinor: 370, priceText: '$3.70' });

    const url = new URL(redirect);
    const page = await request(WWW, url.pathname + url.search);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="payment-result"');
    expect(page.body).toContain('data-testid="balance"');
    expect(page.body).toContain('"uniqueId":"coinsight_viewer"');
    expect(page.body).toContain('/webcast/wallet_api/fs/diamond_buy/permission_v2');
    expectInlineScriptsParse(page.body);

    fake.control.nextPayment('failed');
    const failed = JSON.parse(
      (await request(WWW, '/__fake/coin/pay', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ coins: 1234, custom: true }) })).body,
    );
    expect(failed.redirect).toMatch(/^https:\/\/www\.tiktok\.com\/coin\/end-result\?payment_status=failed&error_code=3DS_REQUIRED&order_id=\d{19}$/);
    expect((await balance()).data.coins).toBe(1350);
    expect(fake.state.orders.at(-1)).toMatchObject({ coins: 1234, custom: true, status: 'failed', priceText: '$12.96' });
  });
});

describe('routing and HTTP controls', () => {
  it('routes by Host header', async () => {
    expect((await request(WEBCAST, '/@c/live')).status).toBe(404);
    expect((await request(WWW, `/webcast/gift/list/?${COMMON}`)).status).toBe(404);
    expect((await request('example.com', '/')).status).toBe(421);
    const health = await request(`127.0.0.1:${fake.port}`, '/__fake/health');
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, port: fake.port });
    expect((await request(`127.0.0.1:${fake.port}`, `/webcast/gift/list/?${COMMON}`)).status).toBe(200);
  });

  it('exposes state and controls over HTTP', async () => {
    const set = await request(WWW, '/__fake/control', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ setBalance: 7, nextSends: ['http500'], nextPayment: 'failed' }),
    });
    expect(set.status).toBe(200);
    expect(JSON.parse(set.body)).toMatchObject({ balance: 7, pending: { sends: ['http500'], payments: [{ status: 'failed' }] } });
    expect((await sendGift(5655)).status).toBe(500);
    const state = JSON.parse((await request(WWW, '/__fake/state')).body);
    expect(state.sends).toHaveLength(1);
    expect(state.sends[0].outcome).toBe('http500');
    expect(state.requests.some((r: any) => r.host === WEBCAST && r.path.startsWith('/webcast/gift/send/'))).toBe(true);

    const bad = await request(WWW, '/__fake/control', { method: 'POST', body: '{"launchMissiles":true}' });
    expect(bad.status).toBe(400);
  });
});

describe('holding gift-send answers', () => {
  it('debits at once, holds the answer until releaseSends, then answers it', async () => {
    fake.control.holdSends();
    expect(fake.state.flags.holdSends).toBe(true);
    const doughnut = sendGift(9104); // 30 coins
    await vi.waitFor(() => expect(fake.state.held).toBe(1));
    expect(fake.state.balance).toBe(970);
    expect(fake.state.sends).toHaveLength(1);
    expect(fake.state.sends[0]).toMatchObject({ outcome: 'ok', statusCode: 0, debited: 30, balanceAfter: 970, answered: false });
    expect(fake.state.sends[0]?.orderId).toMatch(/^\d{19}$/);

    fake.control.releaseSends();
    expect(fake.state.held).toBe(0);
    expect(fake.state.flags.holdSends).toBe(false);
    const res = await doughnut;
    expect(JSON.parse(res.body).data).toMatchObject({ gift_id: 9104, left_diamond: 970 });
    expect(/"order_id":(\d+)[,}]/.exec(res.body)?.[1]).toBe(fake.state.sends[0]?.orderId);
    expect(fake.state.sends[0]?.answered).toBe(true);

    // No longer holding: the next send is answered at once.
    expect(JSON.parse((await sendGift(5655)).body).data.left_diamond).toBe(969);
    expect(fake.state.sends[1]?.answered).toBe(true);
  });

  it('holds every kind of answer and writes them oldest first', async () => {
    fake.control.setBalance(40);
    fake.control.nextSends(['http500', 'ok', 'ok']);
    fake.control.holdSends();
    const first = sendGift(5655);
    await vi.waitFor(() => expect(fake.state.held).toBe(1));
    const second = sendGift(9104);
    await vi.waitFor(() => expect(fake.state.held).toBe(2));
    const third = sendGift(9104); // short of coins by now: 40001
    await vi.waitFor(() => expect(fake.state.held).toBe(3));
    expect(fake.state.sends.map((s) => [s.outcome, s.debited, s.answered])).toEqual([
      ['http500', 0, false],
      ['ok', 30, false],
      ['insufficient', 0, false],
    ]);
    fake.control.releaseSends();
    const answers = await Promise.all([first, second, third]);
    expect(answers.map((a) => a.status)).toEqual([500, 200, 200]);
    expect(JSON.parse(answers[2]?.body ?? '').status_code).toBe(40001);
    expect(fake.state.sends.every((s) => s.answered)).toBe(true);
  });

  it('drops a held answer silently when the client goes away; the coins stay taken', async () => {
    fake.control.holdSends();
    const aborted = openSend(9104);
    const failed = aborted.response.then(() => 'answered', () => 'aborted');
    await vi.waitFor(() => expect(fake.state.held).toBe(1));
    aborted.req.destroy(); // what a page reload does to its in-flight request
    expect(await failed).toBe('aborted');
    await vi.waitFor(() => expect(fake.state.held).toBe(0));
    expect(fake.state.flags.holdSends).toBe(true); // still holding
    expect(fake.state.sends[0]).toMatchObject({ outcome: 'ok', debited: 30, answered: false });
    expect(fake.state.balance).toBe(970);
    expect((await balance()).data.coins).toBe(970);

    fake.control.releaseSends(); // nothing left to write
    expect(fake.state.sends[0]?.answered).toBe(false);
    expect((await sendGift(5655)).status).toBe(200);
  });

  it('is controlled over HTTP too, and reset releases held answers', async () => {
    const control = (body: unknown) =>
      request(WWW, '/__fake/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(JSON.parse((await control({ holdSends: true })).body)).toMatchObject({ held: 0, flags: { holdSends: true } });
    const held = sendGift(5655);
    await vi.waitFor(() => expect(fake.state.held).toBe(1));
    expect(JSON.parse((await request(WWW, '/__fake/state')).body)).toMatchObject({ held: 1, sends: [{ answered: false, debited: 1 }] });
    expect(JSON.parse((await control({ releaseSends: true })).body)).toMatchObject({ held: 0, flags: { holdSends: false }, sends: [{ answered: true }] });
    expect((await held).status).toBe(200);

    fake.control.holdSends();
    const again = sendGift(5655);
    await vi.waitFor(() => expect(fake.state.held).toBe(1));
    fake.control.reset();
    expect((await again).status).toBe(200);
    expect(fake.state).toMatchObject({ held: 0, flags: { holdSends: false }, sends: [] });
  });
});

describe('creators, rooms and client-side moves', () => {
  /** The config the LIVE page's inline script is called with. */
  const pageConfig = (html: string): any => {
    const script = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].at(-1)?.[1] ?? '';
    return JSON.parse(script.slice(script.lastIndexOf(')(') + 2, script.lastIndexOf(');')));
  };

  it('keeps the default room for coinsight_creator and derives distinct, stable rooms for other handles', async () => {
    const main = fake.creator('coinsight_creator');
    const another = fake.creator('another_creator');
    const third = fake.creator('third_creator');
    expect(main.roomId).toBe(ROOM);
    for (const c of [another, third]) {
      expect(c.roomId).toMatch(/^\d{19}$/);
      expect(c.id).toMatch(/^\d{19}$/);
      expect(BigInt(c.roomId)).toBeGreaterThan(2n ** 53n);
    }
    expect(new Set([main.roomId, another.roomId, third.roomId]).size).toBe(3);
    expect(new Set([main.id, another.id, third.id]).size).toBe(3);
    expect(fake.creator('another_creator')).toEqual(another);

    const other = await startFakeTikTok({ roomId: '7311111111111111111', rooms: { third_creator: { roomId: '7322222222222222222', nickname: 'Third' } } });
    try {
      expect(other.creator('coinsight_creator').roomId).toBe('7311111111111111111');
      expect(other.creator('third_creator')).toMatchObject({ roomId: '7322222222222222222', nickname: 'Third', id: third.id });
      expect(other.creator('another_creator')).toEqual(another);
    } finally {
      await other.close();
    }
  });

  it('embeds the suggested LIVEs with their creators, leaving SIGI_STATE to the first LIVE', async () => {
    const html = (await request(WWW, '/@coinsight_creator/live')).body;
    const sigi = JSON.parse(/<script id="SIGI_STATE"[^>]*>([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(sigi.LiveRoom.liveRoomUserInfo.user).toMatchObject({ uniqueId: 'coinsight_creator', roomId: ROOM });
    expect(html).toMatch(new RegExp(`data-testid="room" data-handle="coinsight_creator" data-room-id="${ROOM}"`));

    const cfg = pageConfig(html);
    expect(cfg.suggestions.coinsight_creator).toEqual(['another_creator', 'third_creator']);
    expect(cfg.suggestions.another_creator).toEqual(['third_creator', 'coinsight_creator']);
    for (const handle of ['coinsight_creator', 'another_creator', 'third_creator']) expect(cfg.creators[handle]).toEqual(fake.creator(handle));

    // A page of a suggested creator suggests the others.
    const page = pageConfig((await request(WWW, '/@third_creator/live')).body);
    expect(page.suggestions.third_creator).toEqual(['another_creator', 'coinsight_creator']);
  });

  it('takes the suggested handles as an option', async () => {
    const other = await startFakeTikTok({ suggested: ['friend.one'] });
    try {
      const res = await new Promise<string>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port: other.port, path: '/@coinsight_creator/live', headers: { Host: WWW }, servername: WWW, rejectUnauthorized: false, agent: false }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        }).on('error', reject);
      });
      const cfg = pageConfig(res);
      expect(cfg.suggestions.coinsight_creator).toEqual(['friend.one']);
      expect(cfg.creators['friend.one']).toEqual(other.creator('friend.one'));
    } finally {
      await other.close();
    }
    await expect(startFakeTikTok({ suggested: ['no/slash'] })).rejects.toThrow(/bad creator handle/);
  });

  it('records the room and creator a send went to', async () => {
    const another = fake.creator('another_creator');
    await sendGift(5655, { room_id: another.roomId, to_user_id: another.id });
    expect(fake.state.sends.at(-1)).toMatchObject({ roomId: another.roomId, toUserId: another.id, answered: true });
  });
});
