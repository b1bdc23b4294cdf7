// @ts-check
/**
 * The fake TikTok's own data: its gift catalogue, its coin packages and its prices per locale.
 *
 * Nothing here is copied from real captures. Only two facts are public and reused on purpose: Rose is gift 5655 and its
 * image hash is eba3a9bb85c33e017f3648eaf88d7189 (see /work/shared/tiktok/README.md §2). Every other id and image hash
 * was made up for this stand-in; prices are round, plausible numbers.
 */

/**
 * @typedef {object} FakeGift
 * @property {number} id
 * @property {string} name
 * @property {number} diamond_count  price of one gift in coins (TikTok's name for it)
 * @property {number} type           1 = streakable (combo); 2 and 4 are non-streak gifts
 * @property {boolean} combo         true exactly when type === 1, as in every real list
 * @property {string} imageHash      the 32-hex hash in the image URL
 * @property {boolean} [resource]    served under webcast-va/resource/<hash>.png, the other form real gift lists use
 */

/** @type {readonly FakeGift[]} */
export const GIFTS = Object.freeze([
  { id: 5655, name: 'Rose', diamond_count: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' },
  { id: 9101, name: 'TikTok', diamond_count: 1, type: 1, combo: true, imageHash: 'ebc4d87f8fc524ffebfbbd552b84639b' },
  { id: 9102, name: 'Finger Heart', diamond_count: 5, type: 1, combo: true, imageHash: '6e56b8b8647afa4d39b58357c4c6733b', resource: true },
  { id: 9103, name: 'Perfume', diamond_count: 20, type: 1, combo: true, imageHash: 'a95c5eebc274906d018abbcbf7fd216b' },
  { id: 9104, name: 'Doughnut', diamond_count: 30, type: 1, combo: true, imageHash: 'eb60605abf00ed658bb572c8176f9ef2', resource: true },
  { id: 9105, name: 'Hand Hearts', diamond_count: 100, type: 1, combo: true, imageHash: '63846e3c9c189a824dcaee306c7703ed' },
  { id: 9106, name: 'Corgi', diamond_count: 299, type: 2, combo: false, imageHash: '4c10e60a1c0a8b6e95912358c94cd701', resource: true },
  { id: 9107, name: 'Money Gun', diamond_count: 500, type: 1, combo: true, imageHash: '5b00ea499f9de5453d3fea2bd016b197' },
  { id: 9108, name: 'Galaxy', diamond_count: 1000, type: 2, combo: false, imageHash: 'bac2be41b3558489450c3662d3f6f3f6', resource: true },
  { id: 9109, name: 'Fireworks', diamond_count: 1088, type: 4, combo: false, imageHash: 'd00a25632073fbd94970943a8e84d132' },
  { id: 9110, name: 'Lion', diamond_count: 29999, type: 2, combo: false, imageHash: 'd8ff7ffcf94aa742c6eab7b7ea1de8ce', resource: true },
  { id: 9111, name: 'TikTok Universe', diamond_count: 44999, type: 2, combo: false, imageHash: 'b75072b98948094b4d1e95f8ff1d47ee' },
].map((g) => Object.freeze(g)));

/** Batch sizes offered by the gift panel (`gifts_info.gift_group_infos`). */
export const GROUP_COUNTS = Object.freeze([10, 99, 365, 999]);

/** CDN hosts a gift image is served from; the hash stays the same on each. */
export const IMAGE_HOSTS = Object.freeze(['p16-webcast.tiktokcdn.com', 'p19-webcast.tiktokcdn.com']);

/**
 * The image URLs of a gift, in the two forms real gift lists use (shared/tiktok/fixtures, 2024-01-05):
 * `…/webcast-va/<hash>~tplv-obj.webp` and `…/webcast-va/resource/<hash>.png~tplv-obj.webp`.
 * @param {string} hash @param {boolean} [resource]
 */
export function giftImageUrls(hash, resource = false) {
  return IMAGE_HOSTS.map((h) => `https://${h}/img/maliva/${imageUri(hash, resource)}~tplv-obj.webp`);
}

/** @param {string} hash @param {boolean} [resource] */
function imageUri(hash, resource = false) {
  return resource ? `webcast-va/resource/${hash}.png` : `webcast-va/${hash}`;
}

/**
 * Gifts the LIVE page's panel shows that its gift list does not carry (a seasonal gift, as it were): the extension's
 * catalogue cannot know them, so Coinsight must show no money price beside them. Made up for this stand-in.
 * @type {readonly FakeGift[]}
 */
export const PANEL_ONLY_GIFTS = Object.freeze([
  Object.freeze({ id: 9190, name: 'Fest Pop', diamond_count: 10, type: 1, combo: true, imageHash: '9c0ffee0d15ea5e0b0a710ad5eedfa11' }),
]);

/** @param {number} id */
export function findGift(id) {
  return GIFTS.find((g) => g.id === id) ?? null;
}

/**
 * A gift as the real API writes it (extra fields included, so parsers are exercised on fields they must ignore).
 * @param {FakeGift} g
 */
export function giftJson(g) {
  const urls = giftImageUrls(g.imageHash, g.resource);
  return {
    id: g.id,
    name: g.name,
    diamond_count: g.diamond_count,
    type: g.type,
    combo: g.combo,
    describe: `sent ${g.name}`,
    duration: g.combo ? 1000 : 3000,
    is_displayed_on_panel: true,
    image: { url_list: urls, avg_color: '#FFEBEB', uri: imageUri(g.imageHash, g.resource) },
    icon: { url_list: urls, avg_color: '#FFEBEB', uri: imageUri(g.imageHash, g.resource) },
  };
}

/** Coin packages on /coin, in display order (index N ↔ data-e2e="wallet-package-N"). All are multiples of 70. */
export const PACKAGES = Object.freeze([70, 350, 700, 1400, 3500, 7000, 17500]);

/** Custom amount bounds on /coin. */
export const CUSTOM_MIN = 30;
export const CUSTOM_MAX = 2_500_000;

/**
 * How each supported locale shows money. Amounts are integers in the smallest unit that is displayed
 * (cents for USD, đồng for VND, rupiah for IDR: TikTok shows no decimals for those).
 * `per70` is the web price of 70 coins (the publicly reported web rate is 70 coins = $0.74).
 * @typedef {object} FakeLocale
 * @property {string} currency      ISO 4217 code
 * @property {string} symbol        written before the amount (with its own trailing space when there is one)
 * @property {string} group         thousands separator
 * @property {string} decimal       decimal separator
 * @property {number} decimals      digits displayed after the decimal separator
 * @property {number} per70         price of 70 coins, in displayed minor units
 */

/** @type {Readonly<Record<string, FakeLocale>>} */
export const LOCALES = Object.freeze({
  'en-US': { currency: 'USD', symbol: '$', group: ',', decimal: '.', decimals: 2, per70: 74 },
  'en-GB': { currency: 'GBP', symbol: '£', group: ',', decimal: '.', decimals: 2, per70: 59 },
  'vi-VN': { currency: 'VND', symbol: '₫', group: ',', decimal: '.', decimals: 0, per70: 19600 },
  'id-ID': { currency: 'IDR', symbol: 'Rp ', group: '.', decimal: ',', decimals: 0, per70: 12000 },
  'pt-BR': { currency: 'BRL', symbol: 'R$ ', group: '.', decimal: ',', decimals: 2, per70: 490 },
});

/** @param {string} locale */
export function localeInfo(locale) {
  const l = LOCALES[locale];
  if (!l) throw new Error(`fake-tiktok: unsupported locale ${JSON.stringify(locale)} (have ${Object.keys(LOCALES).join(', ')})`);
  return l;
}

/**
 * Formats an amount the way the /coin page shows it, e.g. "$3.70", "₫98,000", "Rp 60.000", "R$ 24,50".
 * @param {number} minor  integer, in displayed minor units
 * @param {string} locale
 */
export function formatMoney(minor, locale) {
  const l = localeInfo(locale);
  const scale = 10 ** l.decimals;
  const whole = Math.floor(minor / scale);
  const frac = minor - whole * scale;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, l.group);
  return l.symbol + grouped + (l.decimals ? l.decimal + String(frac).padStart(l.decimals, '0') : '');
}

/**
 * Formats a coin count with the locale's grouping, e.g. "1,400" or "1.400".
 * @param {number} coins
 * @param {string} locale
 */
export function formatCoins(coins, locale) {
  return String(coins).replace(/\B(?=(\d{3})+(?!\d))/g, localeInfo(locale).group);
}

/**
 * The balance endpoint's `exchange` block: price of one coin = unit_price / 10^price_dot (in the currency's main unit).
 * @param {string} locale
 */
export function exchangeFor(locale) {
  const l = localeInfo(locale);
  const priceDot = 4;
  // per70 / 70 coins, in main units, scaled by 10^price_dot, rounded down (USD: 0.74/70 → 105 at 4 decimals).
  const unitPrice = Math.floor((l.per70 * 10 ** priceDot) / (70 * 10 ** l.decimals));
  return { currency: l.currency, unit_price: unitPrice, price_dot: priceDot };
}

/**
 * Price of a listed package (multiple of 70) in displayed minor units.
 * @param {number} coins
 * @param {string} locale
 */
export function packagePrice(coins, locale) {
  const l = localeInfo(locale);
  const minor = Math.round((coins * l.per70) / 70);
  return { minor, text: formatMoney(minor, locale), currency: l.currency };
}

/**
 * Price of a custom amount: coins × the exchange unit price, rounded up to the displayed unit.
 * (So 350 custom coins cost a little less than the 350 package in USD: $3.68 vs $3.70.)
 * @param {number} coins
 * @param {string} locale
 */
export function customPrice(coins, locale) {
  const l = localeInfo(locale);
  const ex = exchangeFor(locale);
  const num = BigInt(coins) * BigInt(ex.unit_price) * 10n ** BigInt(l.decimals);
  const den = 10n ** BigInt(ex.price_dot);
  const minor = Number((num + den - 1n) / den);
  return { minor, text: formatMoney(minor, locale), currency: l.currency };
}

/**
 * Price of any amount: package price when it is a listed package, custom price otherwise.
 * @param {number} coins
 * @param {string} locale
 * @param {boolean} custom
 */
export function priceFor(coins, locale, custom) {
  return !custom && PACKAGES.includes(coins) ? packagePrice(coins, locale) : customPrice(coins, locale);
}
