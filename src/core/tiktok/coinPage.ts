/**
 * The /coin recharge page: the cashier's order summary and the payment's end-result URL.
 * Pure: the DOM is only touched through the ParentNode passed in. Never throws.
 */
import type { PaymentResult } from './contracts';
import { MAX_COINS } from '../ledger';
import { isTikTokHost } from './json';

const SPACES = /[\u00a0\u202f\u2009\u2007]/g;

/**
 * A whole number of coins from display text: "30 Coins" → 30, "1,400" → 1400, "1.400 Koin" → 1400,
 * "1 400" → 1400, "350" → 350. Exactly one number, grouped in threes with one consistent separator
 * when grouped. Fractions ("1.5"), abbreviations ("2K"), signs and garbage → null.
 */
export function parseCoinCount(text: string): number | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  const normalized = text.replace(SPACES, ' ').trim();
  const match = /^(\D*?)(\d[\d.,'’ ]*\d|\d)(\D*)$/.exec(normalized);
  if (!match) return null;
  const prefix = match[1]!;
  const run = match[2]!;
  const suffix = match[3]!;
  if (/[-−+]\s*$/.test(prefix)) return null;
  if (/^\s?[KkMmBb万千億亿](?![A-Za-z])/.test(suffix)) return null;
  if (/^[.,]\d/.test(suffix)) return null;
  let digits: string;
  if (/^\d+$/.test(run)) {
    digits = run;
  } else {
    if (!/^[1-9]\d{0,2}([.,'’ ])\d{3}(?:\1\d{3})*$/.test(run)) return null;
    digits = run.replace(/\D/g, '');
  }
  const value = Number(digits);
  return Number.isSafeInteger(value) && value <= MAX_COINS ? value : null;
}

const ORDER_ID = /^[A-Za-z0-9_-]{1,200}$/;

function param(params: URLSearchParams, name: string, maxLength = 100): string | null {
  const value = params.get(name)?.trim();
  if (!value) return null;
  return value.length > maxLength ? value.slice(0, maxLength) : value;
}

/**
 * Reads `https://www.tiktok.com/coin/end-result?payment_status=…&order_id=…&charge_id=…&pay_method=…`.
 * null when the URL is not a tiktok.com /coin/end-result page.
 * - payment_status succeed | success | succeeded (any case) with an order_id → succeeded.
 * - success WITHOUT a usable order_id → failed with errorCode 'missing_order_id': the order id is the
 *   recharge's idempotency key, and a recharge that cannot be keyed must not be recorded.
 * - anything else → failed, errorCode = error_code, else the payment_status itself, else 'missing_payment_status'.
 */
export function parseEndResult(url: string): PaymentResult | null {
  if (typeof url !== 'string' || url.length > 8192 || !url.includes('/coin/end-result')) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://www.tiktok.com/');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (!isTikTokHost(parsed.hostname)) return null;
  if (parsed.pathname !== '/coin/end-result' && parsed.pathname !== '/coin/end-result/') return null;

  const params = parsed.searchParams;
  const rawOrderId = param(params, 'order_id', 1000);
  const orderId = rawOrderId && ORDER_ID.test(rawOrderId) ? rawOrderId : null;
  const status = param(params, 'payment_status')?.toLowerCase() ?? null;
  if (status === 'succeed' || status === 'success' || status === 'succeeded') {
    if (!orderId) return { status: 'failed', orderId: null, errorCode: 'missing_order_id' };
    return { status: 'succeeded', orderId, chargeId: param(params, 'charge_id', 200), payMethod: param(params, 'pay_method') };
  }
  return { status: 'failed', orderId, errorCode: param(params, 'error_code') ?? status ?? 'missing_payment_status' };
}

const MAX_TEXT = 200;

function clean(raw: string): string | null {
  const text = raw.replace(SPACES, ' ').replace(/\s+/g, ' ').trim();
  return text.length === 0 || text.length > MAX_TEXT ? null : text;
}

/**
 * The cashier's order summary from the raw texts the relay read when "Pay now" was pressed (features/cashier.ts reads
 * `[data-e2e="cashier-order-coin-num"]` "30 Coins" and `[data-e2e="cashier-order-coin-total-price"]` "₫9,800" and
 * sends them untouched; parsing here keeps the content scripts small). Whitespace is collapsed. null when the coin
 * count is absent or unreadable. priceText is '' when the price is absent: parseLocalizedPrice gives null for ''.
 */
export function cashierFromTexts(coinText: string | undefined, priceText: string | undefined): { coins: number; priceText: string } | null {
  const coins = coinText === undefined ? null : parseCoinCount(clean(coinText) ?? '');
  if (coins === null || coins < 1) return null;
  return { coins, priceText: (priceText === undefined ? null : clean(priceText)) ?? '' };
}
