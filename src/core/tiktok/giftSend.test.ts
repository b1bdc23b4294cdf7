import { describe, expect, it } from 'vitest';
import { debitCount, interpretGiftSend } from './giftSend';
import type { CapturedExchange, CatalogueGift, GiftSendContext, GiftSendOutcome } from './contracts';
import { PARSER_VERSION, entryIds, ledgerEntrySchema, type GiftEntry } from '../ledger';

// Realistic shapes per /work/shared/tiktok/README.md §1 (hand-built; no real capture of gift/send exists).
const ROOM = '7312345678901234567';
const CREATOR = '6812345678901234567';
const ORDER = '7312345678901234567';
const MSG = '7301054133304412934';
const AT = 1_699_909_161_704.25; // performance.timeOrigin + performance.now(): fractional
const URL_ = `https://webcast.tiktok.com/webcast/gift/send/?aid=1988&app_name=tiktok_web&device_platform=web_pc&room_id=${ROOM}&msToken=t&X-Bogus=b&_signature=s`;

const ROSE: CatalogueGift = { id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' };
const UNIVERSE: CatalogueGift = { id: 9072, name: 'TikTok Universe', coins: 44999, type: 2, combo: false, imageHash: null };
const DONUT: CatalogueGift = { id: 5879, name: 'Doughnut', coins: 30, type: 1, combo: true, imageHash: null };
const catalogue = new Map<number, CatalogueGift>([ROSE, UNIVERSE, DONUT].map((g) => [g.id, g]));

function body(fields: Record<string, string | number> = {}): string {
  const base: Record<string, string | number> = {
    gift_id: 5655, room_id: ROOM, to_user_id: CREATOR, count: 1, send_type: 1, send_scene: 1, enter_from: 'live_detail_',
    send_gift_req_start_ms: 1699909160768, is_subscription: 'false', is_opted_in_host: 'true',
  };
  const merged = { ...base, ...fields };
  return new URLSearchParams(Object.entries(merged).filter(([, v]) => v !== '__omit').map(([k, v]) => [k, String(v)])).toString();
}

/** A success response as raw text; ids are written as bare 64-bit JSON numbers, exactly as TikTok does. */
function success(data: Record<string, unknown> = {}, bigIds: Record<string, string> = { order_id: ORDER, msg_id: MSG }): string {
  const fields: Record<string, unknown> = {
    gift_id: 5655, repeat_count: 1, combo_count: 1, group_count: 1, group_id: 1699909158189, left_diamond: 99,
    gifts: [{ gift: { id: 5655, name: 'Rose', diamond_count: 1, type: 1, combo: true, image: { url_list: ['https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp'] } } }],
    ...data,
  };
  let text = JSON.stringify({ data: fields, extra: { now: 1699909161704 }, status_code: 0 });
  for (const [key, digits] of Object.entries(bigIds)) text = text.replace('"data":{', `"data":{"${key}":${digits},`);
  return text;
}

function exchange(over: Partial<CapturedExchange> = {}): CapturedExchange {
  return { endpoint: 'gift-send', url: URL_, method: 'POST', status: 200, requestBody: body(), responseText: success(), at: AT, ...over };
}

function context(over: Partial<GiftSendContext> = {}): GiftSendContext {
  return { account: '6999999999999999999', catalogue, previousBalance: 100, ...over };
}

function spent(outcome: GiftSendOutcome): Extract<GiftSendOutcome, { outcome: 'spent' }> {
  if (outcome.outcome !== 'spent') throw new Error(`expected spent, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('interpretGiftSend: success', () => {
  it('records one Rose with TikTok ids intact and both cross-checks matching', () => {
    const { entry, balance } = spent(interpretGiftSend(exchange(), context({ creatorHandle: 'creator_one' })));
    const expected: GiftEntry = {
      kind: 'gift', id: `gift:order:${ORDER}`, at: 1_699_909_161_704, coins: 1, account: '6999999999999999999', source: 'gift-send',
      parser: PARSER_VERSION, giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: ROOM, creatorId: CREATOR,
      creatorHandle: 'creator_one', orderId: ORDER, msgId: MSG, checks: { catalogue: 'match', balance: 'match' },
    };
    expect(entry).toEqual(expected);
    expect(ledgerEntrySchema(entry, 'entry').ok).toBe(true);
    expect(balance).toEqual({ id: entryIds.balance('6999999999999999999', 1_699_909_161_704, 99), account: '6999999999999999999', at: 1_699_909_161_704, coins: 99, source: 'gift-send' });
  });

  it('keeps a 64-bit order id exact (JSON.parse alone would round it to …4600)', () => {
    expect(String(JSON.parse(`{"a":${ORDER}}`).a)).not.toBe(ORDER); // the trap this guards against
    const { entry } = spent(interpretGiftSend(exchange(), context()));
    expect(entry.orderId).toBe('7312345678901234567');
    expect(entry.id).toBe('gift:order:7312345678901234567');
  });

  it('accepts order ids as strings and prefers order_id_str', () => {
    const asString = exchange({ responseText: success({ order_id: ORDER }, {}) });
    expect(spent(interpretGiftSend(asString, context())).entry.orderId).toBe(ORDER);
    const both = exchange({ responseText: success({ order_id_str: '7312345678901234999' }, { order_id: '7312345678901234999' }) });
    expect(spent(interpretGiftSend(both, context())).entry.orderId).toBe('7312345678901234999');
    const small = exchange({ responseText: success({ order_id: 12345 }, {}) });
    expect(spent(interpretGiftSend(small, context())).entry.id).toBe('gift:order:12345');
  });

  it('falls back to msg_id, then to (room, gift, send_gift_req_start_ms), then to the exchange time', () => {
    const byMsg = spent(interpretGiftSend(exchange({ responseText: success({}, { msg_id: MSG }) }), context())).entry;
    expect(byMsg.id).toBe(`gift:msg:${MSG}`);
    expect(byMsg.orderId).toBeUndefined();
    expect(byMsg.msgId).toBe(MSG);

    const zeroOrder = spent(interpretGiftSend(exchange({ responseText: success({ order_id: 0 }, { msg_id: MSG }) }), context())).entry;
    expect(zeroOrder.id).toBe(`gift:msg:${MSG}`);

    const byRequest = spent(interpretGiftSend(exchange({ responseText: success({}, {}) }), context())).entry;
    expect(byRequest.id).toBe(entryIds.giftByRequest(ROOM, 5655, '1699909160768'));

    const byTime = spent(interpretGiftSend(exchange({ responseText: success({}, {}), requestBody: body({ send_gift_req_start_ms: '__omit' }) }), context())).entry;
    expect(byTime.id).toBe(entryIds.giftByRequest(ROOM, 5655, 1_699_909_161_704));
    // The same exchange seen twice gets the same id (idempotent), a later one a different id.
    const again = spent(interpretGiftSend(exchange({ responseText: success({}, {}), requestBody: body({ send_gift_req_start_ms: '__omit' }) }), context())).entry;
    expect(again.id).toBe(byTime.id);
    const later = spent(interpretGiftSend(exchange({ at: AT + 1, responseText: success({}, {}), requestBody: body({ send_gift_req_start_ms: '__omit' }) }), context())).entry;
    expect(later.id).not.toBe(byTime.id);
  });

  it('takes the gift id from the request when the response lacks it', () => {
    const { entry } = spent(interpretGiftSend(exchange({ responseText: success({ gift_id: undefined }) }), context()));
    expect(entry.giftId).toBe(5655);
  });

  it('takes room_id from the body, else the URL query, else data.room_id, else leaves it empty', () => {
    const noBodyRoom = body({ room_id: '__omit' });
    expect(spent(interpretGiftSend(exchange({ requestBody: noBodyRoom }), context())).entry.roomId).toBe(ROOM);
    const fromData = exchange({ requestBody: noBodyRoom, url: 'https://webcast.tiktok.com/webcast/gift/send/?aid=1988', responseText: success({}, { order_id: ORDER, room_id: '7300000000000000001' }) });
    expect(spent(interpretGiftSend(fromData, context())).entry.roomId).toBe('7300000000000000001');
    const none = exchange({ requestBody: noBodyRoom, url: 'https://webcast.tiktok.com/webcast/gift/send/' });
    expect(spent(interpretGiftSend(none, context())).entry.roomId).toBe('');
  });

  it('omits creatorId without to_user_id and tolerates a JSON request body', () => {
    expect(spent(interpretGiftSend(exchange({ requestBody: body({ to_user_id: '__omit' }) }), context())).entry.creatorId).toBeUndefined();
    const json = JSON.stringify({ gift_id: 5655, room_id: ROOM, to_user_id: CREATOR, count: 2 });
    const { entry } = spent(interpretGiftSend(exchange({ requestBody: json }), context({ previousBalance: null })));
    expect(entry).toMatchObject({ creatorId: CREATOR, count: 2, coins: 2, roomId: ROOM });
  });

  it('works with no request body at all (count defaults to 1)', () => {
    const { entry } = spent(interpretGiftSend(exchange({ requestBody: null }), context()));
    expect(entry).toMatchObject({ count: 1, coins: 1, roomId: ROOM });
    expect(entry.creatorId).toBeUndefined();
  });

  it('multiplies the request count by the unit price', () => {
    const ex = exchange({ requestBody: body({ gift_id: 5879, count: 3 }), responseText: success({ gift_id: 5879, left_diamond: 10, gifts: [{ gift: { id: 5879, name: 'Doughnut', diamond_count: 30 } }] }) });
    const { entry } = spent(interpretGiftSend(ex, context()));
    expect(entry).toMatchObject({ giftId: 5879, giftName: 'Doughnut', unitCoins: 30, count: 3, coins: 90, checks: { catalogue: 'match', balance: 'match' } });
  });

  it('uses the gift item whose id matches, and accepts bare gift items', () => {
    const gifts = [{ gift: { id: 1, name: 'Other', diamond_count: 500 } }, { id: 5655, name: 'Rose bare', diamond_count: 1 }];
    const { entry } = spent(interpretGiftSend(exchange({ responseText: success({ gifts }) }), context()));
    expect(entry).toMatchObject({ unitCoins: 1, giftName: 'Rose bare' });
  });
});

describe('interpretGiftSend: price', () => {
  it('falls back to the catalogue price when the response has none (catalogue check then unknown)', () => {
    const { entry } = spent(interpretGiftSend(exchange({ responseText: success({ gifts: [] }) }), context()));
    expect(entry).toMatchObject({ unitCoins: 1, giftName: 'Rose', checks: { catalogue: 'unknown', balance: 'match' } });
  });

  it('is unrecognised when neither the response nor the catalogue knows the price', () => {
    const outcome = interpretGiftSend(exchange({ responseText: success({ gifts: [] }) }), context({ catalogue: new Map() }));
    expect(outcome).toEqual({ outcome: 'unrecognised', reason: 'gift-send: price unknown' });
    const wrongType = interpretGiftSend(exchange({ responseText: success({ gifts: [{ gift: { id: 5655, diamond_count: 'one' } }] }) }), context({ catalogue: new Map() }));
    expect(wrongType).toEqual({ outcome: 'unrecognised', reason: 'gift-send: price unknown' });
  });

  it('prefers the response price and flags a catalogue mismatch', () => {
    const old = new Map([[9072, { ...UNIVERSE, coins: 34999 }]]);
    const ex = exchange({ requestBody: body({ gift_id: 9072 }), responseText: success({ gift_id: 9072, left_diamond: 1, gifts: [{ gift: { id: 9072, name: 'TikTok Universe', diamond_count: 44999 } }] }) });
    const { entry } = spent(interpretGiftSend(ex, context({ catalogue: old, previousBalance: 45000 })));
    expect(entry).toMatchObject({ unitCoins: 44999, coins: 44999, checks: { catalogue: 'mismatch', balance: 'match' } });
  });

  it('reports catalogue unknown when the gift is not in the catalogue, and names unknown gifts', () => {
    const ex = exchange({ requestBody: body({ gift_id: 123 }), responseText: success({ gift_id: 123, gifts: [{ gift: { id: 123, diamond_count: 5 } }] }) });
    const { entry } = spent(interpretGiftSend(ex, context({ previousBalance: null })));
    expect(entry).toMatchObject({ giftName: 'Gift 123', unitCoins: 5, checks: { catalogue: 'unknown', balance: 'unknown' } });
  });
});

describe('interpretGiftSend: balance cross-check', () => {
  it('mismatch when the balance moved by something else', () => {
    const { entry, balance } = spent(interpretGiftSend(exchange({ responseText: success({ left_diamond: 50 }) }), context()));
    expect(entry.checks).toEqual({ catalogue: 'match', balance: 'mismatch' });
    expect(balance?.coins).toBe(50);
  });

  it('unknown without a previous balance or without left_diamond; no observation without left_diamond', () => {
    expect(spent(interpretGiftSend(exchange(), context({ previousBalance: null }))).entry.checks?.balance).toBe('unknown');
    const noLeft = spent(interpretGiftSend(exchange({ responseText: success({ left_diamond: undefined }) }), context()));
    expect(noLeft.entry.checks?.balance).toBe('unknown');
    expect(noLeft.balance).toBe(null);
    for (const bad of [-1, 1.5, 'lots', null]) {
      const outcome = spent(interpretGiftSend(exchange({ responseText: success({ left_diamond: bad }) }), context()));
      expect(outcome.balance).toBe(null);
      expect(outcome.entry.checks?.balance).toBe('unknown');
    }
  });

  it('a balance of zero is a real observation', () => {
    const outcome = spent(interpretGiftSend(exchange({ responseText: success({ left_diamond: 0 }) }), context({ previousBalance: 1 })));
    expect(outcome.balance?.coins).toBe(0);
    expect(outcome.entry.checks?.balance).toBe('match');
  });
});

describe('interpretGiftSend: batches (count × group_count)', () => {
  const batch = (count: number, group: number, previousBalance: number | null, left: number) =>
    spent(interpretGiftSend(exchange({ requestBody: body({ count }), responseText: success({ group_count: group, left_diamond: left }) }), context({ previousBalance })))
      .entry;

  it('count 1 with a batch of 10 debits 10', () => {
    expect(batch(1, 10, null, 0)).toMatchObject({ count: 10, coins: 10 });
    expect(batch(1, 10, 1000, 990).checks?.balance).toBe('match');
  });

  it('a count that already equals the batch is not multiplied again', () => {
    expect(batch(10, 10, null, 0)).toMatchObject({ count: 10, coins: 10 });
  });

  it('other counts are multiplied by the batch', () => {
    expect(batch(2, 10, null, 0)).toMatchObject({ count: 20, coins: 20 });
  });

  it('the wallet decides when it matches the other reading exactly', () => {
    expect(batch(10, 10, 1000, 900)).toMatchObject({ count: 100, coins: 100, checks: { balance: 'match' } });
    expect(batch(1, 10, 1000, 999)).toMatchObject({ count: 1, coins: 1, checks: { balance: 'match' } });
    // Neither reading matches: keep the rule and report the mismatch.
    expect(batch(1, 10, 1000, 500)).toMatchObject({ count: 10, checks: { balance: 'mismatch' } });
  });

  it('group_count missing, 0, 1 or junk means no batch', () => {
    for (const group of [undefined, 0, 1, -10, 'ten', 2.5]) {
      expect(spent(interpretGiftSend(exchange({ requestBody: body({ count: 3 }), responseText: success({ group_count: group }) }), context({ previousBalance: null }))).entry.count).toBe(3);
    }
  });

  it('debitCount is a pure function of its inputs', () => {
    expect(debitCount(1, 1, 5, null)).toBe(1);
    expect(debitCount(1, 99, 5, null)).toBe(99);
    expect(debitCount(99, 99, 5, null)).toBe(99);
    expect(debitCount(99, 99, 5, 5 * 99 * 99)).toBe(99 * 99);
  });
});

describe('interpretGiftSend: streaks', () => {
  it('ten taps of Rose are ten requests, ten distinct entries of one Rose each (repeat_count is not a count)', () => {
    const ids = new Set<string>();
    let balance = 100;
    let total = 0;
    for (let tap = 1; tap <= 10; tap++) {
      const ex = exchange({
        at: AT + tap * 180,
        requestBody: body({ send_gift_req_start_ms: 1699909160768 + tap * 180 }),
        responseText: success({ repeat_count: tap, combo_count: tap, left_diamond: balance - 1 }, { msg_id: String(7301054133304412934n + BigInt(tap)) }),
      });
      const { entry, balance: seen } = spent(interpretGiftSend(ex, context({ previousBalance: balance })));
      expect(entry).toMatchObject({ count: 1, coins: 1, checks: { balance: 'match' } });
      ids.add(entry.id);
      total += entry.coins;
      balance = seen!.coins;
    }
    expect(ids.size).toBe(10);
    expect(total).toBe(10);
    expect(balance).toBe(90);
  });

  it('streak requests without any TikTok id still get distinct ids from send_gift_req_start_ms', () => {
    const ids = new Set<string>();
    for (let tap = 1; tap <= 5; tap++) {
      const ex = exchange({ requestBody: body({ send_gift_req_start_ms: 1699909160768 + tap }), responseText: success({ repeat_count: tap }, {}) });
      ids.add(spent(interpretGiftSend(ex, context())).entry.id);
    }
    expect(ids.size).toBe(5);
  });
});

describe('interpretGiftSend: refusals', () => {
  const insufficient = '{"data":{"message":"Insufficient Fund","prompts":"Insufficient Fund"},"extra":{"now":1699909161704},"status_code":40001}';

  it('40001 Insufficient Fund is refused, with TikTok status code and message', () => {
    expect(interpretGiftSend(exchange({ responseText: insufficient }), context())).toEqual({ outcome: 'refused', reason: 'Insufficient Fund', statusCode: 40001 });
  });

  it('long messages are cut to 100 characters; a missing message gives a generic reason', () => {
    const long = interpretGiftSend(exchange({ responseText: JSON.stringify({ status_code: 4, data: { message: 'x'.repeat(500) } }) }), context());
    expect(long).toEqual({ outcome: 'refused', reason: 'x'.repeat(100), statusCode: 4 });
    expect(interpretGiftSend(exchange({ responseText: '{"status_code":10011,"data":null}' }), context())).toEqual({ outcome: 'refused', reason: 'gift-send: status_code 10011', statusCode: 10011 });
  });

  it('HTTP errors and network failures are refused, whatever the body says', () => {
    expect(interpretGiftSend(exchange({ status: 500, responseText: '<html>oops</html>' }), context())).toEqual({ outcome: 'refused', reason: 'gift-send: HTTP 500' });
    expect(interpretGiftSend(exchange({ status: 403 }), context())).toEqual({ outcome: 'refused', reason: 'gift-send: HTTP 403' });
    expect(interpretGiftSend(exchange({ status: 0, responseText: null }), context())).toEqual({ outcome: 'refused', reason: 'gift-send: network error or aborted' });
    expect(interpretGiftSend(exchange({ status: 302 }), context()).outcome).toBe('refused');
  });
});

describe('interpretGiftSend: unrecognised', () => {
  const reasonOf = (responseText: string | null) => {
    const outcome = interpretGiftSend(exchange({ responseText }), context());
    expect(outcome.outcome).toBe('unrecognised');
    return (outcome as { reason: string }).reason;
  };

  it('names what was wrong, never the body', () => {
    expect(reasonOf(success().slice(0, 60))).toBe('gift-send: response is not JSON');
    expect(reasonOf('')).toBe('gift-send: response is empty');
    expect(reasonOf('   ')).toBe('gift-send: response is empty');
    expect(reasonOf(null)).toBe('gift-send: no response body');
    expect(reasonOf('null')).toBe('gift-send: response is not an object');
    expect(reasonOf('[]')).toBe('gift-send: response is not an object');
    expect(reasonOf('[{"status_code":0}]')).toBe('gift-send: response is not an object');
    expect(reasonOf('42')).toBe('gift-send: response is not an object');
    expect(reasonOf('"ok"')).toBe('gift-send: response is not an object');
    expect(reasonOf('<html>Rose secret</html>')).toBe('gift-send: response is not JSON');
    expect(reasonOf('{"data":{}}')).toBe('gift-send: response has no numeric status_code');
    expect(reasonOf('{"status_code":"0","data":{}}')).toBe('gift-send: response has no numeric status_code');
    expect(reasonOf('{"status_code":0}')).toBe('gift-send: no data object');
    expect(reasonOf('{"status_code":0,"data":[1]}')).toBe('gift-send: no data object');
    expect(reasonOf('{"status_code":0,"data":"x"}')).toBe('gift-send: no data object');
  });

  it('rejects responses over 4 MB without parsing them', () => {
    expect(reasonOf(`{"status_code":0,"data":{"pad":"${'x'.repeat(4 * 1024 * 1024)}"}}`)).toBe('gift-send: response too large');
  });

  it('wrong types: no gift id, bad count, oversized request body', () => {
    const noGift = interpretGiftSend(exchange({ requestBody: body({ gift_id: '__omit' }), responseText: success({ gift_id: 'rose' }) }), context());
    expect(noGift).toEqual({ outcome: 'unrecognised', reason: 'gift-send: no gift id' });
    for (const count of ['0', '-1', '1.5', 'abc', '100001']) {
      expect(interpretGiftSend(exchange({ requestBody: body({ count }) }), context())).toEqual({ outcome: 'unrecognised', reason: 'gift-send: request count is not a positive integer' });
    }
    expect(interpretGiftSend(exchange({ requestBody: `a=${'x'.repeat(70_000)}` }), context())).toEqual({ outcome: 'unrecognised', reason: 'gift-send: request body too large' });
  });

  it('an entry that fails the ledger schema is unrecognised, not half-recorded', () => {
    const outcome = interpretGiftSend(exchange(), context({ account: 'x'.repeat(65) }));
    expect(outcome.outcome).toBe('unrecognised');
    expect((outcome as { reason: string }).reason).toMatch(/^gift-send: invalid entry \(entry\.account/);
    const tooDear = interpretGiftSend(exchange({ requestBody: body({ count: 100_000 }), responseText: success({ gifts: [{ gift: { id: 5655, diamond_count: 44999 } }] }) }), context());
    expect(tooDear.outcome).toBe('unrecognised');
  });

  it('never throws, whatever arrives', () => {
    const full = success();
    for (let cut = 0; cut <= full.length; cut += 7) {
      expect(() => interpretGiftSend(exchange({ responseText: full.slice(0, cut) }), context())).not.toThrow();
    }
    const junk: unknown[] = [null, undefined, 42, 'x', {}, { status: 200 }, { ...exchange(), responseText: 5 }, { ...exchange(), at: 'now' }];
    for (const value of junk) {
      expect(() => interpretGiftSend(value as CapturedExchange, context())).not.toThrow();
      expect(interpretGiftSend(value as CapturedExchange, context()).outcome).toBe('unrecognised');
    }
    expect(() => interpretGiftSend(exchange(), undefined as unknown as GiftSendContext)).not.toThrow();
    expect(() => interpretGiftSend(exchange(), { account: '1', catalogue: {} as ReadonlyMap<number, CatalogueGift>, previousBalance: null })).not.toThrow();
    expect(() => interpretGiftSend(exchange({ url: 'http://[bad' }), context())).not.toThrow();
    const hostile = { get: () => { throw new Error('boom'); } } as unknown as ReadonlyMap<number, CatalogueGift>;
    expect(interpretGiftSend(exchange(), context({ catalogue: hostile }))).toEqual({ outcome: 'unrecognised', reason: 'gift-send: internal error' });
  });
});

describe('a success of an unknown shape', () => {
  it('is unrecognised, never a spend guessed from the request and the catalogue', () => {
    const body = JSON.stringify({ status_code: 0, data: { send_result: { gift: { gift_id_str: '5655' }, wallet: { balance_str: '98' } } }, extra: { now: 1 } });
    const outcome = interpretGiftSend(
      { endpoint: 'gift-send', url: 'https://webcast.tiktok.com/webcast/gift/send/?room_id=7', method: 'POST', status: 200, requestBody: 'gift_id=5655&room_id=7&count=1', responseText: body, at: 1_700_000_000_000 },
      { account: '1', catalogue: new Map([[5655, { id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: null }]]), previousBalance: 99 },
    );
    expect(outcome).toEqual({ outcome: 'unrecognised', reason: expect.stringContaining('unknown shape') });
  });
});
