// @ts-check
/**
 * HTML of the fake pages. Small, plain, no external resources; every script inline.
 * Embedded state scripts (__UNIVERSAL_DATA_FOR_REHYDRATION__, SIGI_STATE) come first in <head>, before any other script.
 */
import { coinPageScript, endResultScript, liveChatScript, livePageScript, liveWebcastScript } from './page-scripts.js';
import { CUSTOM_MAX, CUSTOM_MIN, GIFTS, PACKAGES, PANEL_ONLY_GIFTS, formatCoins, giftImageUrls, giftJson, localeInfo, packagePrice } from './catalogue.js';

export const WEBCAST_ORIGIN = 'https://webcast.tiktok.com';

/** @param {string} s */
export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON safe to put inside a <script> element.
 * @param {unknown} value
 */
function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * @param {Function} fn
 * @param {unknown} cfg
 */
function inlineScript(fn, cfg) {
  return `<script>(${fn.toString()})(${scriptJson(cfg)});</script>`;
}

/** @typedef {{ uid: string, uniqueId: string, nickName: string }} Viewer */

/**
 * The page state every www.tiktok.com page embeds.
 * @param {Viewer | null} viewer
 */
function universalData(viewer) {
  /** @type {Record<string, unknown>} */
  const appContext = { language: 'en', region: 'US' };
  if (viewer) appContext.user = { uid: viewer.uid, uniqueId: viewer.uniqueId, nickName: viewer.nickName };
  return `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">${scriptJson({
    __DEFAULT_SCOPE__: { 'webapp.app-context': appContext },
  })}</script>`;
}

const STYLE = `<style>
body{font-family:system-ui,sans-serif;margin:16px;color:#161823}
.gift{display:inline-flex;flex-direction:column;align-items:center;width:96px;margin:4px;padding:6px;border:1px solid #ddd;border-radius:8px;background:#fff;cursor:pointer}
[data-testid=gift-panel]{min-height:40px}
.gift img{width:48px;height:48px;background:#fee}
.coin-icon{display:inline-block;width:10px;height:10px;border-radius:50%;background:#f5c242;margin-right:2px}
[data-testid=chat]{max-height:160px;overflow:auto;font-size:13px}
[data-testid=chat] img{width:16px;height:16px;vertical-align:middle}
.tile{display:inline-block;margin:4px;padding:10px;border:1px solid #ccc;border-radius:8px;cursor:pointer;min-width:90px}
.tile[aria-pressed=true]{border-color:#fe2c55;background:#fff0f3}
.modal{position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center}
.modal[hidden]{display:none}
.modal>div{background:#fff;padding:20px;border-radius:12px;min-width:280px}
</style>`;

/**
 * @param {{ lang: string, title: string, head: string, body: string }} p
 */
function page(p) {
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
${p.head}
<title>${escapeHtml(p.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${STYLE}
</head>
<body>
${p.body}
</body>
</html>
`;
}

/** @typedef {{ id: string, uniqueId: string, nickname: string, roomId: string }} Creator */

/**
 * GET https://www.tiktok.com/@<handle>/live
 * `creators` (keyed by handle) are the LIVEs the page can move to without a page load, `suggestions[handle]` the
 * suggested LIVEs listed while in `handle`'s room. The embedded SIGI_STATE describes `creator` only, and stays so.
 * @param {{ viewer: Viewer | null, creator: Creator, creators: Record<string, Creator>, suggestions: Record<string, string[]>,
 *           locale: string }} o
 */
export function livePage(o) {
  const c = o.creator;
  const sigi = {
    LiveRoom: {
      liveRoomUserInfo: {
        user: { id: c.id, uniqueId: c.uniqueId, nickname: c.nickname, roomId: c.roomId, status: 2 },
      },
    },
  };
  const groups = [1, 10, 99, 365, 999].map((n) => `<option value="${n}">x${n}</option>`).join('');
  const room = `data-handle="${escapeHtml(c.uniqueId)}" data-room-id="${escapeHtml(c.roomId)}"`;
  return page({
    lang: o.locale,
    title: `${c.nickname} (@${c.uniqueId}) is LIVE | TikTok`,
    head: `${universalData(o.viewer)}\n<script id="SIGI_STATE" type="application/json">${scriptJson(sigi)}</script>`,
    body: `<main data-testid="live-room" data-room-id="${escapeHtml(c.roomId)}">
<h1 data-testid="live-title">${escapeHtml(c.nickname)} · @${escapeHtml(c.uniqueId)} · LIVE</h1>
<p>Room: <span data-testid="room" ${room} data-creator-id="${escapeHtml(c.id)}">${escapeHtml(c.uniqueId)}</span></p>
<p>Balance: <span data-testid="balance" data-state="loading" data-reads="0">…</span> coins
<button type="button" data-testid="refresh-balance">Refresh</button></p>
<p>
<label>Transport <select data-testid="transport"><option value="fetch">fetch</option><option value="xhr">xhr</option></select></label>
<label>Send <select data-testid="send-count">${groups}</select></label>
</p>
<section data-testid="gift-panel" data-state="loading" ${room} aria-label="Gifts"></section>
<p><button type="button" data-testid="rerender-gifts">Re-render the gift panel</button></p>
<ol data-testid="chat" aria-label="LIVE chat"></ol>
<p data-testid="send-status" data-sent="0" data-ok="0" data-pending="0" data-last="none">sent:0 last:none</p>
<p data-testid="combo"></p>
<p data-testid="webcast" data-state="idle" data-frames="0"></p>
</main>
<nav data-testid="suggested-lives" aria-label="Suggested LIVEs"></nav>
${inlineScript(liveChatScript, { gifts: GIFTS.map((g) => ({ name: g.name, image: giftImageUrls(g.imageHash, g.resource)[0] })) })}
${inlineScript(liveWebcastScript, { webcast: WEBCAST_ORIGIN })}
${inlineScript(livePageScript, { webcast: WEBCAST_ORIGIN, creators: o.creators, suggestions: o.suggestions, panelOnly: PANEL_ONLY_GIFTS.map(giftJson) })}`,
  });
}

/**
 * GET https://www.tiktok.com/coin
 * @param {{ viewer: Viewer | null, locale: string }} o
 */
export function coinPage(o) {
  const L = localeInfo(o.locale);
  const packages = PACKAGES.map((coins) => ({ coins, ...packagePrice(coins, o.locale) }));
  const tiles = packages
    .map(
      (p, i) => `<div class="tile" role="button" tabindex="0" aria-pressed="false" data-fake-package-index="${i}" data-e2e="wallet-package-${i}">
<div data-e2e="wallet-package-coin-num-${i}">${formatCoins(p.coins, o.locale)}</div>
<div data-e2e="wallet-package-price-${i}">${escapeHtml(p.text)}</div>
</div>`,
    )
    .join('\n');
  return page({
    lang: o.locale,
    title: 'Get Coins | TikTok',
    head: universalData(o.viewer),
    body: `<nav><a href="/" data-testid="spa-home">For You</a></nav>
<main>
<h1>Get Coins</h1>
<p>Recharge on the web and save around 25% in fees.</p>
<p>Balance: <span data-e2e="wallet-coins-balance"></span> Coins</p>
<section aria-label="Packages">
${tiles}
<div class="tile" role="button" tabindex="0" aria-pressed="false" data-e2e="wallet-package-custom">
<div>Custom</div>
<input data-e2e="wallet-package-coin-custom-input-box" inputmode="numeric" placeholder="${CUSTOM_MIN}-${formatCoins(CUSTOM_MAX, o.locale)}" size="10">
</div>
</section>
<p>Total: <span data-e2e="wallet-total-price"></span></p>
<button type="button" data-e2e="wallet-buy-now-button" disabled>Recharge</button>
<p><button type="button" data-testid="rerender-packages">Re-render the packages</button></p>
</main>
<div class="modal" data-fake-cashier hidden role="dialog" aria-label="Order summary">
<div>
<h2>Order summary</h2>
<p><span data-e2e="cashier-order-coin-num"></span></p>
<p>Total: <span data-e2e="cashier-order-coin-total-price"></span></p>
<p><small>Card details would be entered in the payment provider's frame; this stand-in has none.</small></p>
<button type="button" data-fake-cashier-close>Cancel</button>
<button type="button" data-e2e="cashier-footer-button">Pay now</button>
</div>
</div>
${inlineScript(coinPageScript, {
  webcast: WEBCAST_ORIGIN,
  locale: { symbol: L.symbol, group: L.group, decimal: L.decimal, decimals: L.decimals },
  packages,
  customMin: CUSTOM_MIN,
  customMax: CUSTOM_MAX,
})}`,
  });
}

/**
 * GET https://www.tiktok.com/coin/end-result?payment_status=…
 * @param {{ viewer: Viewer | null, locale: string }} o
 */
export function endResultPage(o) {
  return page({
    lang: o.locale,
    title: 'Payment result | TikTok',
    head: universalData(o.viewer),
    body: `<main>
<h1 data-testid="payment-result" data-status="pending">…</h1>
<p>Balance: <span data-testid="balance" data-state="loading">…</span> Coins</p>
<p><a href="/coin">Back to recharge</a></p>
</main>
${inlineScript(endResultScript, { webcast: WEBCAST_ORIGIN })}`,
  });
}

/** @param {string} locale */
export function homePage(locale) {
  return page({
    lang: locale,
    title: 'Fake TikTok (Coinsight test stand-in)',
    head: '',
    body: `<main><h1>Fake TikTok</h1><p>A local test stand-in. Try <a href="/@creator/live">/@creator/live</a> or <a href="/coin">/coin</a>.</p></main>`,
  });
}
