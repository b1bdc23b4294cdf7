import { describe, expect, it } from 'vitest';
import { parseWalletBalance } from './wallet';
import type { CapturedExchange } from './contracts';

// Shape per README §4 (hand-built): data.coins, frozen_coins, redeem_info, last_web_order, exchange.
function response(data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    data: {
      coins: 1234, frozen_coins: 0, redeem_info: { coins_balance: 1234 },
      last_web_order: { finish_time: 1_704_470_000, device_platform: 'web_pc' },
      exchange: { currency: 'USD', unit_price: 128, price_dot: 4 }, is_allow: true,
      ...data,
    },
    extra: { now: 1_704_470_094_792 },
    status_code: 0,
  });
}

function exchange(responseText: string | null, over: Partial<CapturedExchange> = {}): CapturedExchange {
  return {
    endpoint: 'wallet-balance', url: 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988', method: 'GET',
    status: 200, requestBody: null, responseText, at: 1_704_470_094_792, ...over,
  };
}

describe('parseWalletBalance', () => {
  it('reads coins, frozen coins and the last web order time (s → ms)', () => {
    expect(parseWalletBalance(exchange(response()))).toEqual({ outcome: 'balance', balance: { coins: 1234, frozenCoins: 0, lastWebOrderAt: 1_704_470_000_000 } });
  });

  it('a zero balance is a balance', () => {
    expect(parseWalletBalance(exchange(response({ coins: 0 })))).toMatchObject({ outcome: 'balance', balance: { coins: 0 } });
  });

  it('optional fields absent or malformed become null', () => {
    for (const extra of [{ frozen_coins: undefined, last_web_order: undefined }, { frozen_coins: -1, last_web_order: null }, { frozen_coins: 'x', last_web_order: { finish_time: 0 } }, { frozen_coins: 2.5, last_web_order: { finish_time: 'soon' } }]) {
      expect(parseWalletBalance(exchange(response(extra)))).toEqual({ outcome: 'balance', balance: { coins: 1234, frozenCoins: null, lastWebOrderAt: null } });
    }
  });

  it('takes a finish_time already in milliseconds as milliseconds', () => {
    expect(parseWalletBalance(exchange(response({ last_web_order: { finish_time: 1_704_470_000_123 } })))).toMatchObject({ balance: { lastWebOrderAt: 1_704_470_000_123 } });
  });

  it('accepts digit strings for numbers', () => {
    expect(parseWalletBalance(exchange(response({ coins: '70', frozen_coins: '5' })))).toMatchObject({ balance: { coins: 70, frozenCoins: 5 } });
  });

  it('requires data.coins as a non-negative integer', () => {
    for (const coins of [undefined, null, -1, 1.5, 'many', true, [], {}]) {
      expect(parseWalletBalance(exchange(response({ coins })))).toEqual({ outcome: 'unrecognised', reason: 'wallet: no valid coins' });
    }
  });

  it('refuses HTTP errors, network failures and non-zero status codes', () => {
    expect(parseWalletBalance(exchange(response(), { status: 500 }))).toEqual({ outcome: 'refused', reason: 'wallet: HTTP 500' });
    expect(parseWalletBalance(exchange(null, { status: 0 }))).toEqual({ outcome: 'refused', reason: 'wallet: network error or aborted' });
    expect(parseWalletBalance(exchange('{"data":{"message":"Please log in"},"extra":{"now":1},"status_code":20003}'))).toEqual({ outcome: 'refused', reason: 'Please log in', statusCode: 20003 });
  });

  it('garbage is unrecognised, never a throw', () => {
    const cases: Array<[string | null, string]> = [
      ['', 'wallet: response is empty'],
      [null, 'wallet: no response body'],
      ['null', 'wallet: response is not an object'],
      ['[1,2]', 'wallet: response is not an object'],
      [response().slice(0, 40), 'wallet: response is not JSON'],
      ['{"data":{"coins":5}}', 'wallet: response has no numeric status_code'],
      ['{"status_code":0,"data":[]}', 'wallet: no data object'],
      [`{"status_code":0,"data":{"coins":1,"pad":"${'x'.repeat(4 * 1024 * 1024)}"}}`, 'wallet: response too large'],
    ];
    for (const [text, reason] of cases) expect(parseWalletBalance(exchange(text))).toEqual({ outcome: 'unrecognised', reason });
    expect(() => parseWalletBalance(null as unknown as CapturedExchange)).not.toThrow();
    const full = response();
    for (let cut = 0; cut < full.length; cut += 5) expect(() => parseWalletBalance(exchange(full.slice(0, cut)))).not.toThrow();
  });

  it('a balance beyond any real wallet (over a billion coins) is unrecognised', () => {
    expect(parseWalletBalance(exchange(response({ coins: 1_000_000_001 })))).toEqual({ outcome: 'unrecognised', reason: 'wallet: no valid coins' });
    expect(parseWalletBalance(exchange('{"status_code":0,"data":{"coins":7312345678901234567}}'))).toEqual({ outcome: 'unrecognised', reason: 'wallet: no valid coins' });
  });
});
