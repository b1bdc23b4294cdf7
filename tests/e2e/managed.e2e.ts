/**
 * A limit set by a real Chromium managed policy (issue 11, item 4 and its acceptance line): a JSON file in Chromium's
 * managed policies folder gives the extension (its id pinned by a manifest key) a weekly block of 50 coins through
 * storage.managed. It is applied (sends past it are stopped in the page and by the browser's rules), shown as set by
 * the administrator in the options list and the popup, and cannot be edited: no controls, and the worker refuses a
 * direct limits/save or limits/delete from an extension page, leaving it as it was.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry } from '../../src/core/ledger';
import type { LimitsView } from '../../src/platform/protocol';
import { openExtensionPage, openPopup, readStore, waitFor, withChromium } from './harness';
import { giftSendRequests, sendFromPage, sendPastTheTap, waitForBlock, waitForGuard } from './limits-harness';
import { ROSE, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';
import { withChromiumPolicy } from './managed-harness';

const PERFUME = 9103; // 20 coins
const DOUGHNUT = 9104; // 30 coins
const POLICY = { limits: [{ id: 'weekly', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 50 }, action: 'block' }] };

describe('a weekly block of 50 coins set by Chromium policy', () => {
  const managed = withChromiumPolicy(POLICY);
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' }, 'file', { get dir() { return managed.dir; } });

  it('is applied, shown as set by the administrator, and cannot be edited or deleted', async () => {
    const { site, session } = suite;
    // The manifest key pins the id the policy names.
    expect(session.extensionId).toBe(managed.extensionId);
    const options = await openExtensionPage(session, 'src/options/index.html');
    await waitForGuard(options, 'the managed limit in the guard state', (state) => state.rules.some((rule) => rule.id === 'managed-weekly'));

    // Shown as managed, without Edit or Delete.
    const row = options.locator('[data-testid="limit-row"][data-id="managed-weekly"]');
    await row.waitFor();
    expect(await row.getByTestId('limit-row-managed').innerText()).toBe('Set by your administrator');
    expect(await row.getByTestId('limit-edit').count()).toBe(0);
    expect(await row.getByTestId('limit-delete').count()).toBe(0);
    expect(await row.getByTestId('limit-row-cap').innerText()).toMatch(/50 coins/);

    // Straight to the worker, without the UI: refused, and nothing changed.
    const view = await sendFromPage(options, 'limits/view', { roomId: null });
    const rule = (view as { ok: true; value: LimitsView }).value.rules.find((held) => held.id === 'managed-weekly')!;
    const raised = await sendFromPage(options, 'limits/save', { rule: { ...rule, cap: { kind: 'coins', coins: 100_000 } } });
    expect(raised).toMatchObject({ ok: false, error: expect.stringMatching(/set by your administrator/) });
    const deleted = await sendFromPage(options, 'limits/delete', { id: 'managed-weekly' });
    expect(deleted).toMatchObject({ ok: false, error: expect.stringMatching(/the limit cannot be deleted: this limit is set by your administrator/) });
    const after = await sendFromPage(options, 'limits/view', { roomId: null });
    expect((after as { ok: true; value: LimitsView }).value.rules.find((held) => held.id === 'managed-weekly')?.cap).toEqual({ kind: 'coins', coins: 50 });

    // The popup says so too.
    const popup = await openPopup(session);
    await popup.getByTestId('popup-limits').waitFor();
    expect(await popup.locator('[data-testid="popup-limit"][data-id="managed-weekly"] [data-testid="popup-limit-managed"]').innerText()).toBe('Set by your administrator');

    // Applied: 20 + 30 coins go through and are recorded; then the next send is stopped in the page and by the browser.
    const live = await session.context.newPage();
    await openLive(live);
    await waitForPanelPrice(live, PERFUME);
    expect(await sendGift(live, PERFUME)).toBe('ok');
    expect(await sendGift(live, DOUGHNUT)).toBe('ok');
    await waitForGuard(options, 'nothing left of the managed limit', (state) => state.rules.find((held) => held.id === 'managed-weekly')?.left === 0);
    await waitForBlock(options, true);
    const before = { sends: site.state.sends.length, requests: giftSendRequests(site) };
    const sent = (await sendStatus(live)).sent;
    await live.click(`[data-testid="gift-${ROSE}"]`);
    expect(await live.getByTestId('limit-dialog-title').textContent()).toBe('Coinsight: your limit blocks this gift');
    expect(await live.getByTestId('limit-dialog-reason').textContent()).toMatch(/^Sending it would go past a limit set by your administrator, which blocks\. The limit resets .+\.$/);
    expect(await live.getByTestId('limit-dialog-override').count()).toBe(0);
    await live.getByTestId('limit-dialog-cancel').click();
    await waitFor('the held send failed', async () => ((await sendStatus(live)).sent > sent ? true : null));
    expect(await sendPastTheTap(live, site.creator('coinsight_creator').roomId)).toBe('network-error');
    expect({ sends: site.state.sends.length, requests: giftSendRequests(site) }).toEqual(before);
    const gifts = (await readStore<GiftEntry>(options)).filter((entry) => entry.kind === 'gift');
    expect(gifts.map((gift) => gift.coins).sort()).toEqual([20, 30]);

    // The parent's view: the held gift is a blocked attempt, the policy is named, the month's spending is 50 coins.
    await waitFor('the blocked attempt in the parent’s log', async () => {
      await options.reload();
      await options.getByTestId('parent-ready').waitFor();
      return (await options.locator('[data-testid="parent-log-row"][data-kind="blocked-attempt"]').count()) === 1 ? true : null;
    });
    expect(await options.locator('[data-testid="parent-log-row"][data-kind="blocked-attempt"]').innerText()).toMatch(/A gift was held back by a block limit \(1 coins\)\./);
    expect(await options.getByTestId('parent-month-blocked').innerText()).toBe('1');
    expect(await options.getByTestId('parent-month-coins').innerText()).toBe('50');
    expect(await options.getByTestId('parent-managed').innerText()).toMatch(/Set by your administrator’s policy: limits \(1\)\./);
  });
});
