// @ts-check
/// <reference lib="dom" />
/**
 * The LIVE page's script (see page-scripts.js for how pages inline it). Self-contained: no closure over this module.
 */

/**
 * The LIVE page: loads the gift list and the balance, renders the gift panel, sends gifts, re-reads the wallet on
 * demand, and moves to another LIVE without a page load (History API), as the real web app does. The embedded
 * SIGI_STATE describes the first LIVE loaded and is never rewritten; the room the page is in lives in memory.
 * @param {{ webcast: string,
 *           creators: Record<string, { id: string, uniqueId: string, nickname: string, roomId: string }>,
 *           suggestions: Record<string, string[]>, panelOnly: any[] }} cfg
 */
export function livePageScript(cfg) {
  /** @type {any} */
  const w = window;
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));
  const sigi = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('SIGI_STATE')).textContent || '{}');
  const first = sigi.LiveRoom.liveRoomUserInfo.user;
  /** The room the page is in: the embedded one at first, then wherever client-side moves lead. */
  let room = { handle: String(first.uniqueId), nickname: String(first.nickname), roomId: String(first.roomId), toUserId: String(first.id) };
  const pageParams = new URLSearchParams(location.search);
  const common = () => new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc', room_id: room.roomId });

  const balanceEl = $('balance');
  const statusEl = $('send-status');
  const comboEl = $('combo');
  const panel = $('gift-panel');
  const roomEl = $('room');
  const suggestedEl = $('suggested-lives');
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

  // (a) the gift list, fetched again for each room; an answer for a room the page has left is ignored
  let giftListSeq = 0;
  /** @type {any[]} the gift list of the room the page is in, once loaded */
  let listed = [];
  /** Renders the panel from scratch (new nodes), as React does when the panel re-renders: the list, then panel-only gifts. */
  function renderGifts() {
    panel.replaceChildren(...listed.map(giftButton), ...cfg.panelOnly.map(giftButton));
  }
  w.__fakeLive = Object.assign(w.__fakeLive || {}, { rerenderGifts: () => { if (panel.getAttribute('data-state') === 'ready') renderGifts(); } });
  $('rerender-gifts').addEventListener('click', () => w.__fakeLive.rerenderGifts());
  function loadGifts() {
    const seq = ++giftListSeq;
    panel.replaceChildren();
    panel.removeAttribute('data-count');
    panel.setAttribute('data-state', 'loading');
    panel.setAttribute('data-handle', room.handle);
    panel.setAttribute('data-room-id', room.roomId);
    fetch(`${cfg.webcast}/webcast/gift/list/?${common()}`, { credentials: 'include' })
      .then((r) => r.text())
      .then((text) => {
        if (seq !== giftListSeq) return;
        const json = JSON.parse(text);
        const gifts = (json && json.data && json.data.gifts) || [];
        listed = gifts;
        renderGifts();
        panel.setAttribute('data-count', String(gifts.length));
        panel.setAttribute('data-state', 'ready');
      })
      .catch(() => {
        if (seq !== giftListSeq) return;
        panel.textContent = 'Gifts could not be loaded.';
        panel.setAttribute('data-state', 'error');
      });
  }

  // (b) the balance: on load, and again on "Refresh" (the real page re-reads it when the gift panel opens)
  let reads = 0;
  function readBalance() {
    /** @param {number | null} coins  null = the reading failed */
    const done = (coins) => {
      if (coins === null) {
        balanceEl.textContent = '?';
        balanceEl.setAttribute('data-state', 'error');
      } else {
        showBalance(coins);
      }
      reads++;
      balanceEl.setAttribute('data-reads', String(reads));
    };
    fetch(`${cfg.webcast}/webcast/wallet_api/fs/diamond_buy/permission_v2?${new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc' })}`, { credentials: 'include' })
      .then((r) => r.text())
      .then((text) => {
        const coins = JSON.parse(text).data.coins;
        if (typeof coins !== 'number') throw new Error('no coins');
        done(coins);
      })
      .catch(() => done(null));
  }
  $('refresh-balance').addEventListener('click', readBalance);

  // (c) suggested LIVEs and client-side moves
  function renderSuggestions() {
    const buttons = (cfg.suggestions[room.handle] || []).map((handle) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-testid', 'suggested-live');
      b.setAttribute('data-handle', handle);
      b.textContent = `${(cfg.creators[handle] || { nickname: handle }).nickname} · LIVE`;
      return b;
    });
    suggestedEl.replaceChildren(...buttons);
  }

  /** Switches the in-memory room (no page load; SIGI_STATE untouched). @param {string} handle */
  function enterRoom(handle) {
    const c = cfg.creators[handle];
    if (!c) return false;
    room = { handle: c.uniqueId, nickname: c.nickname, roomId: c.roomId, toUserId: c.id };
    roomEl.textContent = c.uniqueId;
    roomEl.setAttribute('data-handle', c.uniqueId);
    roomEl.setAttribute('data-room-id', c.roomId);
    roomEl.setAttribute('data-creator-id', c.id);
    $('live-room').setAttribute('data-room-id', c.roomId);
    $('live-title').textContent = `${c.nickname} · @${c.uniqueId} · LIVE`;
    document.title = `${c.nickname} (@${c.uniqueId}) is LIVE | TikTok`;
    renderSuggestions();
    loadGifts();
    return true;
  }

  suggestedEl.addEventListener('click', (e) => {
    const b = /** @type {HTMLElement | null} */ (e.target instanceof Element ? e.target.closest('[data-testid="suggested-live"]') : null);
    const handle = b && b.getAttribute('data-handle');
    if (!handle || handle === room.handle || !cfg.creators[handle]) return;
    history.pushState({}, '', `/@${handle}/live`);
    enterRoom(handle);
  });
  window.addEventListener('popstate', () => {
    const m = location.pathname.match(/^\/@([A-Za-z0-9._]{1,24})\/live\/?$/);
    if (m && m[1] === room.handle) return;
    if (!m || !enterRoom(/** @type {string} */ (m[1]))) location.reload();
  });

  renderSuggestions();
  loadGifts();
  readBalance();

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
    // The coin price, a bare number beside a coin icon as on the real panel.
    const price = document.createElement('span');
    price.className = 'gift-price';
    const coin = document.createElement('i');
    coin.className = 'coin-icon';
    coin.setAttribute('aria-hidden', 'true');
    price.append(coin, String(g.diamond_count));
    b.append(img, name, price);
    b.addEventListener('click', () => sendGift(g));
    return b;
  }

  /** Sends to the room the page is in now. A send in flight during a move is not aborted; its answer is handled. @param {any} g */
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
      room_id: room.roomId,
      to_user_id: room.toUserId,
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
