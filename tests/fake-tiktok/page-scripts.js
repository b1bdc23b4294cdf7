// @ts-check
/// <reference lib="dom" />
/**
 * The scripts the fake pages run in the browser. Each is a self-contained function (no closure over this module):
 * pages.js inlines it as `(<function source>)(<config JSON>)`. They behave like the real web app where it matters to
 * the extension (which endpoints, which methods, which bodies, fetch or XMLHttpRequest) and expose plain
 * data-testid / data-fake-* markers so tests can wait for the page's own handling to finish.
 * The LIVE page's script is in live-page-script.js.
 */
export { livePageScript } from './live-page-script.js';
export { liveChatScript } from './live-chat-script.js';
export { liveWebcastScript } from './live-webcast-script.js';

/**
 * The /coin recharge page: balance, packages, custom amount, cashier, pay.
 * @param {{ webcast: string, locale: { symbol: string, group: string, decimal: string, decimals: number },
 *           packages: { coins: number, minor: number, text: string }[], customMin: number, customMax: number }} cfg
 */
export function coinPageScript(cfg) {
  const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (document.querySelector(sel));
  const e2e = (/** @type {string} */ id) => q(`[data-e2e="${id}"]`);
  const L = cfg.locale;
  /** @param {number} minor */
  const money = (minor) => {
    const scale = 10 ** L.decimals;
    const whole = Math.floor(minor / scale);
    const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, L.group);
    return L.symbol + grouped + (L.decimals ? L.decimal + String(minor - whole * scale).padStart(L.decimals, '0') : '');
  };
  /** @param {number} n */
  const coinsText = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, L.group);

  /** @type {{ unit_price: number, price_dot: number } | null} */
  let exchange = null;
  /** @type {{ coins: number, minor: number, text: string, custom: boolean } | null} */
  let selection = null;

  const balanceEl = e2e('wallet-coins-balance');
  const totalEl = e2e('wallet-total-price');
  const buyBtn = /** @type {HTMLButtonElement} */ (e2e('wallet-buy-now-button'));
  const customBox = e2e('wallet-package-custom');
  const customInput = /** @type {HTMLInputElement} */ (e2e('wallet-package-coin-custom-input-box'));
  const tilesNow = () => /** @type {HTMLElement[]} */ (Array.from(document.querySelectorAll('[data-fake-package-index]')));
  // Fresh copies of the tiles as served, for re-renders (React replaces nodes; clicks are delegated, so copies work).
  const pristine = tilesNow().map((t) => /** @type {HTMLElement} */ (t.cloneNode(true)));
  const main = q('main');

  fetch(`${cfg.webcast}/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988&app_name=tiktok_web&device_platform=web_pc`, { credentials: 'include' })
    .then((r) => r.text())
    .then((text) => {
      const d = JSON.parse(text).data;
      if (typeof d.coins !== 'number') throw new Error('no coins');
      balanceEl.textContent = coinsText(d.coins);
      balanceEl.setAttribute('data-fake-coins', String(d.coins));
      exchange = d.exchange || null;
      document.body.setAttribute('data-fake-state', 'ready');
    })
    .catch(() => { balanceEl.textContent = '--'; document.body.setAttribute('data-fake-state', 'error'); });

  function render() {
    for (const t of tilesNow()) {
      const i = Number(t.getAttribute('data-fake-package-index'));
      const selected = !!selection && !selection.custom && cfg.packages[i]?.coins === selection.coins;
      // As on the real page, the selected tile's own marker becomes "wallet-package-selected"; its children keep their index.
      t.setAttribute('data-e2e', selected ? 'wallet-package-selected' : `wallet-package-${i}`);
      t.setAttribute('aria-pressed', String(selected));
    }
    customBox.setAttribute('aria-pressed', String(!!selection && selection.custom));
    totalEl.textContent = selection ? selection.text : money(0);
    buyBtn.disabled = !selection;
  }

  customBox.parentElement?.addEventListener('click', (e) => {
    const t = e.target instanceof Element ? e.target.closest('[data-fake-package-index]') : null;
    const p = t && cfg.packages[Number(t.getAttribute('data-fake-package-index'))];
    if (!p) return;
    selection = { coins: p.coins, minor: p.minor, text: p.text, custom: false };
    customInput.value = '';
    render();
  });

  /** Replaces every package tile with a fresh copy, as a re-render of the real page does (the custom tile stays). */
  function rerenderPackages() {
    for (const t of tilesNow()) t.remove();
    customBox.before(...pristine.map((t) => t.cloneNode(true)));
    render();
  }
  q('[data-testid="rerender-packages"]').addEventListener('click', rerenderPackages);
  // Client-side moves away from /coin and back (History API, no page load), as the web app's own links do.
  q('[data-testid="spa-home"]').addEventListener('click', (e) => {
    e.preventDefault();
    history.pushState({}, '', '/');
    main.hidden = true;
    for (const t of tilesNow()) t.remove();
  });
  window.addEventListener('popstate', () => {
    if (location.pathname !== '/coin') return;
    main.hidden = false;
    rerenderPackages();
  });

  function customChanged() {
    const n = Number(customInput.value.replace(/[^\d]/g, ''));
    if (!Number.isInteger(n) || n < cfg.customMin || n > cfg.customMax || !exchange) {
      selection = null;
    } else {
      const num = BigInt(n) * BigInt(exchange.unit_price) * 10n ** BigInt(L.decimals);
      const den = 10n ** BigInt(exchange.price_dot);
      const minor = Number((num + den - 1n) / den);
      selection = { coins: n, minor, text: money(minor), custom: true };
    }
    render();
  }
  customInput.addEventListener('input', customChanged);
  customBox.addEventListener('click', () => customInput.focus());

  const cashier = q('[data-fake-cashier]');
  buyBtn.addEventListener('click', () => {
    if (!selection) return;
    e2e('cashier-order-coin-num').textContent = `${coinsText(selection.coins)} Coins`;
    e2e('cashier-order-coin-total-price').textContent = selection.text;
    cashier.hidden = false;
  });
  q('[data-fake-cashier-close]').addEventListener('click', () => { cashier.hidden = true; });

  const payBtn = /** @type {HTMLButtonElement} */ (e2e('cashier-footer-button'));
  payBtn.addEventListener('click', () => {
    if (!selection) return;
    payBtn.disabled = true;
    fetch('/__fake/coin/pay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ coins: selection.coins, custom: selection.custom }),
    })
      .then((r) => r.json())
      .then((res) => { location.assign(res.redirect); })
      .catch(() => { payBtn.disabled = false; document.body.setAttribute('data-fake-state', 'pay-error'); });
  });

  render();
}

/**
 * /coin/end-result: shows the outcome from the URL and the balance from the balance endpoint.
 * @param {{ webcast: string }} cfg
 */
export function endResultScript(cfg) {
  const params = new URLSearchParams(location.search);
  const status = params.get('payment_status') || '';
  const ok = status === 'succeed' || status === 'success' || status === 'succeeded';
  const result = /** @type {HTMLElement} */ (document.querySelector('[data-testid="payment-result"]'));
  result.textContent = ok ? 'Payment successful' : `Payment failed${params.get('error_code') ? ` (${params.get('error_code')})` : ''}`;
  result.setAttribute('data-status', ok ? 'succeeded' : 'failed');
  const balanceEl = /** @type {HTMLElement} */ (document.querySelector('[data-testid="balance"]'));
  fetch(`${cfg.webcast}/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988&app_name=tiktok_web&device_platform=web_pc`, { credentials: 'include' })
    .then((r) => r.text())
    .then((text) => {
      const coins = JSON.parse(text).data.coins;
      if (typeof coins !== 'number') throw new Error('no coins');
      balanceEl.textContent = String(coins);
      balanceEl.setAttribute('data-coins', String(coins));
      balanceEl.setAttribute('data-state', 'ready');
    })
    .catch(() => { balanceEl.textContent = '?'; balanceEl.setAttribute('data-state', 'error'); });
}
