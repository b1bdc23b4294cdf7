#!/usr/bin/env node
/**
 * `npm run demo`: builds the extension, starts the local TikTok stand-in, and opens Chromium with Coinsight loaded.
 * With a display it opens a real window and stays open until you close it (or press Ctrl-C). Without one (CI, SSH)
 * it runs headless, plays a short session (a Rose streak, a Lion, a 350-coin recharge) and writes screenshots of
 * each step and of the popup to demo-screenshots/.
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
const shots = path.join(root, 'demo-screenshots');
const headed = Boolean(process.env.DISPLAY) && !process.env.CI;

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const site = await startFakeTikTok({ initialCoins: 30_100 });
const userDataDir = mkdtempSync(path.join(tmpdir(), 'coinsight-demo-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: !headed,
  ignoreHTTPSErrors: true,
  viewport: { width: 1100, height: 800 },
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--disable-extensions-except=${dist}`, `--load-extension=${dist}`, ...chromiumArgs(site.port),
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const popupUrl = `chrome-extension://${extensionId}/src/popup/index.html`;
const page = context.pages()[0] ?? (await context.newPage());
await page.goto('https://www.tiktok.com/@coinsight_creator/live');

const cleanUp = async () => {
  await context.close().catch(() => undefined);
  await site.close();
  rmSync(userDataDir, { recursive: true, force: true });
};

if (headed) {
  console.log(`\nCoinsight is loaded. The stand-in's LIVE page is open; the popup is at ${popupUrl}`);
  console.log('Send gifts, buy coins at https://www.tiktok.com/coin, then open the Coinsight toolbar button. Close the window to stop.');
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(0)));
  context.on('close', () => void site.close().then(() => process.exit(0)));
} else {
  mkdirSync(shots, { recursive: true });
  const handled = async (/** @type {number} */ count) => page.waitForSelector(`[data-testid="send-status"][data-sent="${count}"][data-pending="0"]`);
  await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
  await page.screenshot({ path: path.join(shots, '1-live.png') });
  for (let i = 1; i <= 5; i++) {
    await page.click('[data-testid="gift-5655"]');
    await handled(i);
  }
  await page.click('[data-testid="gift-9110"]');
  await handled(6);
  await page.screenshot({ path: path.join(shots, '2-gifts-sent.png') });
  await page.goto('https://www.tiktok.com/coin');
  await page.waitForSelector('[data-e2e="wallet-coins-balance"]:not(:empty)');
  await page.click('[data-e2e="wallet-package-1"]');
  await page.click('[data-e2e="wallet-buy-now-button"]');
  await page.screenshot({ path: path.join(shots, '3-cashier.png') });
  await Promise.all([page.waitForURL(/end-result/), page.click('[data-e2e="cashier-footer-button"]')]);
  await page.waitForSelector('[data-testid="balance"][data-state="ready"]');
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 720 });
  // The popup reads what the worker has recorded; reopen it until the recharge is there.
  for (let attempt = 0; attempt < 100; attempt++) {
    await popup.goto(popupUrl);
    await popup.waitForSelector('[data-testid="balance-ready"]');
    if (await popup.locator('[data-kind="recharge"]').count()) break;
    await popup.waitForTimeout(100);
  }
  await popup.screenshot({ path: path.join(shots, '4-popup.png'), fullPage: true });
  console.log(`\nNo display: ran headless and wrote screenshots to ${path.relative(root, shots)}/`);
  await cleanUp();
}
