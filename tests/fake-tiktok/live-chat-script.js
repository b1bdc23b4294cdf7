// @ts-check
/// <reference lib="dom" />
/**
 * The LIVE page's chat (see page-scripts.js for how pages inline it). Self-contained: no closure over this module.
 * Busy rooms scroll chat lines by the dozen a second, gift lines among them ("viewer sent Rose" with the gift's icon and
 * "x3"), while the gift panel re-renders: `window.__fakeLive.chat(n)` adds n lines (the oldest beyond 100 go), and
 * `window.__fakeLive.churn(steps)` does both `steps` times in a row, each step one panel re-render and five chat lines,
 * yielding to the event loop in between. The benchmark of page overhead drives it (bench/live-churn.js).
 */

/** @param {{ gifts: { name: string, image: string }[] }} cfg */
export function liveChatScript(cfg) {
  /** @type {any} */
  const w = window;
  const chat = /** @type {HTMLElement} */ (document.querySelector('[data-testid="chat"]'));
  let n = 0;
  /** One chat line: every third a gift line with the gift's icon, the others plain comments. */
  function line() {
    n++;
    const li = document.createElement('li');
    const who = document.createElement('b');
    who.textContent = `viewer${(n * 7919) % 1000}`;
    li.append(who, ' ');
    const gift = cfg.gifts[n % cfg.gifts.length];
    if (n % 3 === 0 && gift) {
      const img = document.createElement('img');
      img.src = gift.image;
      img.alt = '';
      li.append(`sent ${gift.name} `, img, ` x${1 + (n % 5)}`);
    } else {
      li.append(`comment number ${n}`);
    }
    return li;
  }
  /** @param {number} count */
  function addChat(count) {
    for (let i = 0; i < count; i++) chat.append(line());
    while (chat.childElementCount > 100) chat.firstElementChild?.remove();
  }
  w.__fakeLive = w.__fakeLive || {};
  w.__fakeLive.chat = addChat;
  /** @param {number} steps @returns {Promise<number>} the wall time in ms */
  w.__fakeLive.churn = async (steps) => {
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      w.__fakeLive.rerenderGifts();
      addChat(5);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return performance.now() - start;
  };
}
