#!/usr/bin/env node
/**
 * `npm run store-assets`: the stores' screenshots (1280×800, what the Chrome Web Store asks for; addons.mozilla.org
 * takes the same), in each of Coinsight's four languages, made from the built extension against the local TikTok
 * stand-in: the popup after a short session, the limits on the options page, and TikTok's LIVE page with Coinsight's
 * prices and limit strip. Each page is checked for text that is clipped or overflows (an element whose text is wider
 * than its box, other than `.clip`, which ellipsises on purpose and shows all on focus); the script fails if any is.
 * Writes store/screenshots/<locale>/*.png. Builds first unless --no-build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, startFakeTikTok } from '../tests/fake-tiktok/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/chrome');
const SIZE = { width: 1280, height: 800 };
/** Coinsight's locale, the browser language that selects it, and the stand-in's page locale (its prices). */
const LANGUAGES = [
  { locale: 'en', lang: 'en-US', page: 'en-US' },
  { locale: 'id', lang: 'id', page: 'id-ID' },
  { locale: 'pt_BR', lang: 'pt-BR', page: 'pt-BR' },
  // The stand-in has no Spanish-speaking market's prices: US dollars, as many Latin American users pay.
  { locale: 'es', lang: 'es', page: 'en-US' },
];

if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

/** Elements whose text does not fit: wider than their box (and not an intended ellipsis), or the page wider than the window. */
function overflowing() {
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  for (const element of document.querySelectorAll('body *')) {
    if (!(element instanceof HTMLElement) || element.closest('.clip') || !element.offsetParent) continue;
    const style = getComputedStyle(element);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const text = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim());
    if (hides && text && element.scrollWidth > element.clientWidth + 1) found.push(`${element.tagName.toLowerCase()}[data-testid="${element.dataset.testid ?? ''}"]: "${element.textContent.trim().slice(0, 60)}"`);
  }
  return found;
}

/** @type {string[]} */
const problems = [];
for (const { locale, lang, page: pageLocale } of LANGUAGES) {
  const out = path.join(root, 'store/screenshots', locale);
  mkdirSync(out, { recursive: true });
  const site = await startFakeTikTok({ initialCoins: 30_100, locale: pageLocale });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'coinsight-store-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true, ignoreHTTPSErrors: true, viewport: SIZE, locale: lang,
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', `--lang=${lang}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${dist}`, `--load-extension=${dist}`, ...chromiumArgs(site.port),
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const base = `chrome-extension://${new URL(worker.url()).host}/`;
    const shoot = async (/** @type {import('playwright-core').Page} */ page, /** @type {string} */ name) => {
      for (const problem of await page.evaluate(overflowing)) problems.push(`${locale} ${name}: ${problem}`);
      await page.screenshot({ path: path.join(out, `${name}.png`) });
    };
    // The welcome page a new install opens by itself (src/background/welcome.ts): what Coinsight watches and never does.
    const welcomeUrl = `${base}src/welcome/index.html`;
    let welcome = context.pages().find((open) => open.url() === welcomeUrl);
    while (!welcome) welcome = await context.waitForEvent('page');
    if (welcome.url() !== welcomeUrl) await welcome.waitForURL(welcomeUrl);
    await welcome.waitForSelector('[data-testid="welcome-lock"][data-offered="true"]');
    await shoot(welcome, '4-welcome');
    await welcome.close();

    const page = await context.newPage();
    // A session: a package bought, a Rose streak and a Lion sent.
    await page.goto('https://www.tiktok.com/coin');
    await page.waitForSelector('[data-e2e="wallet-coins-balance"]:not(:empty)');
    await page.click('[data-e2e="wallet-package-1"]');
    await page.click('[data-e2e="wallet-buy-now-button"]');
    await Promise.all([page.waitForURL(/end-result/), page.click('[data-e2e="cashier-footer-button"]')]);
    await page.goto('https://www.tiktok.com/@coinsight_creator/live');
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    for (let i = 1; i <= 5; i++) {
      await page.click('[data-testid="gift-5655"]');
      await page.waitForSelector(`[data-testid="send-status"][data-sent="${i}"][data-pending="0"]`);
    }
    // A weekly limit of 2,000 coins that warns, saved through the worker's door as the options page saves it.
    const options = await context.newPage();
    await options.goto(`${base}src/options/index.html`);
    await options.evaluate(() => /** @type {any} */ (globalThis).chrome.runtime.sendMessage({ type: 'limits/save', payload: { rule: {
      id: crypto.randomUUID(), scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 2000 }, action: 'warn',
      carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0,
    } } }));
    await page.reload();
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await page.waitForFunction(() => Boolean(document.querySelector('coinsight-limits')?.shadowRoot?.textContent));
    await shoot(page, '3-live');

    await options.reload();
    await options.waitForSelector('[data-testid="limit-row"]');
    await options.locator('[data-testid="limit-row"]').scrollIntoViewIfNeeded();
    await shoot(options, '2-limits');

    // The popup, 380 px wide as in the toolbar, centred on the store's canvas (the style is this screenshot's only).
    const popup = await context.newPage();
    for (let attempt = 0; attempt < 100; attempt++) {
      await popup.goto(`${base}src/popup/index.html`);
      await popup.waitForSelector('[data-testid="balance-ready"]');
      if (await popup.locator('[data-kind="recharge"]').count()) break;
      await popup.waitForTimeout(100);
    }
    await popup.waitForSelector('[data-testid="popup-limit"]');
    await popup.addStyleTag({ content: 'html { background: #e9ebef; } body.popup { margin: 24px auto; box-shadow: 0 6px 30px rgba(0,0,0,.25); border-radius: 8px; }' });
    await shoot(popup, '1-popup');
  } finally {
    await context.close();
    await site.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`store/screenshots/${locale}/: 1-popup.png, 2-limits.png, 3-live.png, 4-welcome.png`);
}
if (problems.length) {
  console.error(`Text that does not fit:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('No clipped or overflowing text in any language.');
