/**
 * The parental lock's other doors, in Chromium (issue 11), test build: approval by an authenticator app set up on the
 * options page (the QR code drawn locally, the key shown to type, a current code to confirm), after which only a new
 * code unlocks and a code already used is refused; wrong PINs make the next try wait, across a worker restart; and a
 * locked override from TikTok's page is refused with words that send the child to a parent, the send staying blocked.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, stopServiceWorkers, waitFor, withChromium } from './harness';
import { chromiumEditor } from './limits-editor';
import { limitRule, saveLimit, setTestClock, waitForBlock } from './limits-harness';
import { authenticatorCode, lockStatus, sendOk, setPinAndLock, waitForLockState } from './lock-harness';
import { ROSE, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';

const PIN = '482913';
const HAND_HEARTS = 9105; // 100 coins

describe('the parental lock: authenticator, backoff, the page (Chromium)', () => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' }, 'test', { build: 'test' });

  it('sets up an authenticator app with a locally drawn QR code; then a new code unlocks, a used one does not', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const page = chromiumEditor(options);
    await setPinAndLock(options, PIN);
    await options.fill('[data-testid="lock-unlock-answer"]', PIN);
    await options.click('[data-testid="lock-unlock-submit"]');
    await options.click('[data-testid="lock-totp-begin"]');
    await options.waitForSelector('[data-testid="lock-totp-qr"] path');
    // The QR code is the page's own SVG (45 modules + margins for an otpauth URI), no image fetched from anywhere.
    expect(await options.getAttribute('[data-testid="lock-totp-qr"]', 'viewBox')).toMatch(/^0 0 \d+ \d+$/);
    const key = (await page.text('lock-totp-secret'))!;
    expect(key.replace(/ /g, '')).toMatch(/^[A-Z2-7]{32}$/);

    const enrolled = await authenticatorCode(key, (await lockStatus(options)).now);
    await options.fill('[data-testid="lock-totp-code"]', enrolled);
    await options.click('[data-testid="lock-totp-confirm"]');
    await options.waitForSelector('[data-testid="lock-totp-on"]');
    expect((await lockStatus(options)).method).toBe('totp');

    await options.click('[data-testid="lock-now"]');
    await options.waitForSelector('[data-testid="lock-locked"]');
    expect(await page.text('lock-locked')).toBe('Locked. Type the code your authenticator app shows to make protected changes.');
    // The code used to confirm is spent.
    await options.fill('[data-testid="lock-unlock-answer"]', enrolled);
    await options.click('[data-testid="lock-unlock-submit"]');
    await waitFor('the used code refused', () => page.text('lock-unlock-error'));
    expect(await page.text('lock-unlock-error')).toBe('That code is not right, or was already used. Wait for the next code.');
    // The next window's code unlocks (the test clock moves the worker 30 s on instead of waiting for it).
    await setTestClock(options, 30_000);
    const now = (await waitFor('the worker 30 s on', async () => { const s = await lockStatus(options); return s.now > Date.now() + 25_000 ? s.now : null; }));
    await options.fill('[data-testid="lock-unlock-answer"]', await authenticatorCode(key, now));
    await options.click('[data-testid="lock-unlock-submit"]');
    await options.waitForSelector('[data-testid="lock-unlocked"]');
  });

  it('makes wrong PINs wait, and the wait survives the worker being stopped', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await setPinAndLock(options, PIN);
    for (let i = 0; i < 4; i++) expect(await sendOk(options, 'unlock', { pin: '000000', code: null })).toMatchObject({ unlocked: false, refused: 'wrong' });
    const { retryAt, now } = await lockStatus(options);
    expect(retryAt! - now).toBeGreaterThan(25_000);
    await stopServiceWorkers(options);
    // The right PIN during the wait is not even looked at, by the restarted worker either.
    expect(await sendOk(options, 'unlock', { pin: PIN, code: null })).toMatchObject({ unlocked: false, refused: 'wait' });
    await options.reload();
    await options.fill('[data-testid="lock-unlock-answer"]', PIN);
    await options.click('[data-testid="lock-unlock-submit"]');
    await waitFor('the wait shown', async () => /^Too many wrong tries: the next try is looked at in \d+ s\.$/.test((await chromiumEditor(options).text('lock-unlock-error')) ?? ''));
    await setTestClock(options, 60_000);
    await waitFor('the worker a minute on', async () => (await lockStatus(options)).retryAt === null);
    expect(await sendOk(options, 'unlock', { pin: PIN, code: null })).toMatchObject({ unlocked: true });
    await waitForLockState(options, 'unlocked');
  });

  it("refuses an override from TikTok's page while locked, telling the child a parent must unlock", async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await saveLimit(options, limitRule({ overridesPerPeriod: 1 }));
    await setPinAndLock(options, PIN);
    const live = await suite.session.context.newPage();
    await openLive(live);
    await waitForPanelPrice(live, HAND_HEARTS);
    expect(await sendGift(live, HAND_HEARTS)).toBe('ok');
    await waitForBlock(options, true);
    const before = await sendStatus(live);
    await live.click(`[data-testid="gift-${ROSE}"]`);
    await waitFor('the send held', async () => (await sendStatus(live)).pending === 1);
    await live.getByTestId('limit-dialog-override').click();
    await live.getByTestId('limit-override-reason').fill('just one more');
    await live.getByTestId('limit-override-submit').click();
    await waitFor('the refusal shown', () => live.getByTestId('limit-override-error').textContent());
    expect(await live.getByTestId('limit-override-error').textContent()).toMatch(/^Not overridden: .*Coinsight is locked by a parent\. A parent must unlock it in Coinsight's settings \(Parental lock\) before a limit can be overridden\.$/);
    await live.getByTestId('limit-dialog-cancel').click();
    await waitFor('the send cancelled', async () => (await sendStatus(live)).pending === 0);
    expect((await sendStatus(live)).sent).toBe(before.sent + 1);
    expect((await sendOk(options, 'limitOverrides', {}))).toEqual([]);
  });
});
