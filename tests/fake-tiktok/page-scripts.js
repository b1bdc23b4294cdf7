// @ts-check
/// <reference lib="dom" />
/**
 * The scripts the fake pages run in the browser. Each is a self-contained function (no closure over this module):
 * pages.js inlines it as `(<function source>)(<config JSON>)`. They behave like the real web app where it matters to
 * the extension (which endpoints, which methods, which bodies, fetch or XMLHttpRequest) and expose plain
 * data-testid / data-fake-* markers so tests can wait for the page's own handling to finish.
 */

/**
 * The LIVE page: loads the gift list and the balance, renders the gift panel, sends gifts.
 * @param {{ webcast: string }} cfg
 */
export function livePageScript(cfg) {
  /** @type {any} */
  const w = window;
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));
  const sigi = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('SIGI_STATE')).textContent || '{}');
  const creator = sigi.LiveRoom.liveRoomUserInfo.user;
  const roomId = String(creator.roomId);
  const toUserId = String(creator.id);
  const pageParams = new URLSearchParams(location.search);
  const common = () => new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc', room_id: roomId });

  const balanceEl = $('balance');
  const statusEl = $('send-status');
  const comboEl = $('combo');
  const panel = $('gift-panel');
  const transportSel = /** @type {HTMLSelectElement} */ ($('transport'));
  const countSel = /** @type {HTMLSelectElement} */ ($('send-count'));
  if (pageParams.get('transport') === 'xhr') transportSel.value = 'xhr';
  transportSel.addEventListener('change', () => { w.__fakeTransport = transportSel.value; });

  /** @param {number} coins */
  function showBalance(coins) {
    balanceEl.textContent = String(coins);
    balanceEl.setAttribute('data-coins', String(coins));
    balanceEl.setAttribute('data-state', 'ready');
  }

  const counters = { sent: 0, ok: 0, pending: 0, last: 'none' };
  function showStatus() {
    statusEl.textContent = `sent:${counters.sent} last:${counters.last}`;
    statusEl.setAttribute('data-sent', String(counters.sent));
    statusEl.setAttribute('data-ok', String(counters.ok));
    statusEl.setAttribute('data-pending', String(counters.pending));
    statusEl.setAttribute('data-last', counters.last);
  }
  showStatus();

  // (a) the gift list
  fetch(`${cfg.webcast}/webcast/gift/list/?${common()}`, { credentials: 'include' })
    .then((r) => r.text())
    .then((text) => {
      const json = JSON.parse(text);
      const gifts = (json && json.data && json.data.gifts) || [];
      for (const g of gifts) panel.appendChild(giftButton(g));
      panel.setAttribute('data-count', String(gifts.length));
      panel.setAttribute('data-state', 'ready');
    })
    .catch(() => {
      panel.textContent = 'Gifts could not be loaded.';
      panel.setAttribute('data-state', 'error');
    });

  // (b) the balance
  fetch(`${cfg.webcast}/webcast/wallet_api/fs/diamond_buy/permission_v2?${new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc' })}`, { credentials: 'include' })
    .then((r) => r.text())
    .then((text) => {
      const coins = JSON.parse(text).data.coins;
      if (typeof coins !== 'number') throw new Error('no coins');
      showBalance(coins);
    })
    .catch(() => { balanceEl.textContent = '?'; balanceEl.setAttribute('data-state', 'error'); });

  /** @param {any} g */
  function giftButton(g) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'gift';
    b.setAttribute('data-testid', `gift-${g.id}`);
    b.setAttribute('data-gift-id', String(g.id));
    const img = document.createElement('img');
    img.src = (g.image && g.image.url_list && g.image.url_list[0]) || '';
    img.alt = g.name;
    img.width = 48;
    img.height = 48;
    const name = document.createElement('span');
    name.className = 'gift-name';
    name.textContent = g.name;
    const price = document.createElement('span');
    price.className = 'gift-price';
    price.textContent = `${g.diamond_count} coins`;
    b.append(img, name, price);
    b.addEventListener('click', () => sendGift(g));
    return b;
  }

  /** @param {any} g */
  function sendGift(g) {
    const transport = w.__fakeTransport || pageParams.get('transport') || 'fetch';
    const count = Number(w.__fakeCount || countSel.value || 1);
    const q = common();
    q.set('msToken', 'FAKE');
    q.set('X-Bogus', 'FAKE');
    q.set('_signature', 'FAKE');
    const url = `${cfg.webcast}/webcast/gift/send/?${q}`;
    const body = new URLSearchParams({
      gift_id: String(g.id),
      room_id: roomId,
      to_user_id: toUserId,
      count: String(count),
      send_type: '1',
      send_scene: '1',
      enter_from: 'live_detail',
      send_gift_req_start_ms: String(Date.now()),
      is_subscription: 'false',
      is_opted_in_host: 'false',
    }).toString();
    counters.pending++;
    showStatus();

    /** @param {number} status @param {string | null} text */
    const finish = (status, text) => {
      let outcome;
      if (status === 0) outcome = 'network-error';
      else if (status !== 200) outcome = `http-${status}`;
      else {
        let json = null;
        try { json = JSON.parse(text || ''); } catch { json = null; }
        if (!json || typeof json !== 'object') outcome = 'bad-json';
        else if (json.status_code !== 0) outcome = String(json.status_code);
        else {
          outcome = 'ok';
          counters.ok++;
          const d = json.data || {};
          if (typeof d.left_diamond === 'number') showBalance(d.left_diamond);
          if (typeof d.repeat_count === 'number') {
            comboEl.textContent = `${g.name} x${d.repeat_count}`;
            comboEl.setAttribute('data-gift-id', String(g.id));
            comboEl.setAttribute('data-repeat-count', String(d.repeat_count));
            comboEl.setAttribute('data-group-id', String(d.group_id));
          }
        }
      }
      counters.pending--;
      counters.sent++;
      counters.last = outcome;
      showStatus();
    };

    if (transport === 'xhr') {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8');
      xhr.onload = () => finish(xhr.status, xhr.responseText);
      xhr.onerror = () => finish(0, null);
      xhr.send(body);
    } else {
      fetch(url, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body,
      })
        .then((r) => r.text().then((t) => finish(r.status, t), () => finish(0, null)))
        .catch(() => finish(0, null));
    }
  }
}

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
  const tiles = /** @type {HTMLElement[]} */ (Array.from(document.querySelectorAll('[data-fake-package-index]')));

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
    for (const t of tiles) {
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

  tiles.forEach((t) => t.addEventListener('click', () => {
    const p = cfg.packages[Number(t.getAttribute('data-fake-package-index'))];
    if (!p) return;
    selection = { coins: p.coins, minor: p.minor, text: p.text, custom: false };
    customInput.value = '';
    render();
  }));

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
