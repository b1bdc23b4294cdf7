/**
 * Spend limits on the options page and in the popup (issue 9 item 6), in Chromium, driven as a person would: the
 * editor refuses a negative cap, an empty cap and a custom period starting in the future beside the field (nothing is
 * stored), saves a weekly coins limit through the worker, lists it with its standing, the popup shows its bar, what
 * is left and when it resets; the limit is edited, then deleted.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/ledger';
import { openExtensionPage, openPopup, readStore, waitFor, withChromium } from './harness';
import { chromiumEditor, fillLimit, limitsFromWorker, saveRefused, utcDate } from './limits-editor';
import { ROSE, openLive, sendGift } from './live-page';

describe('spend limits: the editor and the popup', () => {
  const suite = withChromium({ initialCoins: 1000, locale: 'en-US' });

  it('refuses bad input beside each field, saves a weekly coins limit, shows its standing, edits and deletes it', async () => {
    // Five Roses (1 coin each) are spent before any limit exists, so the limit's standing has something to count.
    const live = await suite.session.context.newPage();
    await openLive(live);
    for (let tap = 0; tap < 5; tap++) expect(await sendGift(live, ROSE)).toBe('ok');
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await waitFor('the five Roses in the ledger', async () => (await readStore<LedgerEntry>(options)).filter((e) => e.kind === 'gift').length === 5);
    await options.waitForSelector('[data-testid="limits-none"]');
    const editor = chromiumEditor(options);

    await editor.click('limit-add');
    await fillLimit(editor, { period: 'week', capKind: 'coins', cap: '-5' });
    expect(await saveRefused(editor, 'cap')).toBe('A cap cannot be negative.');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('limit-cap');
    expect(await options.getAttribute('[data-testid="limit-cap"]', 'aria-invalid')).toBe('true');

    await editor.fill('limit-cap', '');
    expect(await saveRefused(editor, 'cap')).toBe('Enter a cap (0 means nothing at all).');

    await fillLimit(editor, { period: 'custom', from: utcDate(2), days: '7', cap: '100' });
    expect(await saveRefused(editor, 'from')).toBe('The period must start today or earlier.');
    expect(await editor.text('limit-cap-error')).toBeNull();
    // Nothing reached the worker: no limit is stored or listed.
    expect((await limitsFromWorker(editor)).rules).toEqual([]);
    expect(await editor.text('limits-none')).toBe('No limits yet.');

    await fillLimit(editor, { period: 'week', cap: '100', action: 'warn' });
    await editor.click('limit-save');
    // The list follows the stored limits and may show the row first; the status follows the worker's reply.
    await waitFor('the limit listed', () => editor.text('limit-row'));
    await waitFor('the save confirmed', async () => (await editor.text('limit-status')) === 'Limit saved.');
    const [stored] = (await limitsFromWorker(editor)).rules;
    expect(stored).toMatchObject({ scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 100 }, action: 'warn', carryOver: 'reset' });
    expect(await editor.texts('limit-row')).toHaveLength(1);
    expect(await editor.text('limit-row-scope')).toBe('All spending');
    expect(await editor.text('limit-row-period')).toBe('Each week');
    expect(await editor.text('limit-row-cap')).toBe('100 coins');
    expect(await editor.text('limit-row-action')).toBe('Warn me');
    expect(await editor.text('limit-row-carry')).toBe('Start afresh');
    expect(await editor.text('limit-row-used')).toBe('5 coins of 100 coins');
    expect(await editor.text('limit-row-left')).toBe('95 coins left');
    expect(await editor.text('limit-row-resets')).toMatch(/^resets (Mon|Sun|Sat), [A-Z][a-z]{2} \d{1,2}, 12:00\s?AM$/);
    expect(await options.getAttribute('[data-testid="limit-row-progress"]', 'value')).toBe('5');

    const popup = await openPopup(suite.session);
    await popup.waitForSelector('[data-testid="popup-limit"]');
    expect(await popup.getAttribute('[data-testid="popup-limit-bar"]', 'value')).toBe('5');
    expect(await chromiumEditor(popup).text('popup-limit-left')).toBe('95 coins left');
    expect(await chromiumEditor(popup).text('popup-limit-resets')).toMatch(/^resets /);

    // Editing keeps the same limit (one row, same id) with the new cap.
    await editor.click('limit-edit');
    expect(await options.inputValue('[data-testid="limit-cap"]')).toBe('100');
    expect(await options.inputValue('[data-testid="limit-period"]')).toBe('week');
    await editor.fill('limit-cap', '1,000');
    await editor.click('limit-save');
    await waitFor('the new cap listed', async () => (await editor.text('limit-row-left')) === '995 coins left');
    expect((await limitsFromWorker(editor)).rules).toEqual([{ ...stored, cap: { kind: 'coins', coins: 1000 } }]);

    await editor.click('limit-delete');
    // The list may empty first (it follows the stored limits); the status follows the worker's reply, which comes after
    // the guard refresh.
    await waitFor('the deletion confirmed', async () => (await editor.text('limit-status')) === 'Limit deleted.');
    expect(await editor.text('limits-none')).toBe('No limits yet.');
    expect((await limitsFromWorker(editor)).rules).toEqual([]);
    await popup.reload();
    await popup.waitForSelector('[data-testid="balance-ready"]');
    expect(await editor.text('limit-row')).toBeNull();
    expect(await popup.locator('[data-testid="popup-limit"]').count()).toBe(0);
  });

  it('a limit for one creator is picked from the creators seen, with a money cap in the display currency, and asks before gifts', async () => {
    // The Roses of the first scenario went to @coinsight_creator: the one creator the ledger has seen.
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="limits-none"]');
    expect(await chromiumEditor(options).text('limit-overrides-none')).toBe('No limit has been overridden.');
    const editor = chromiumEditor(options);
    await editor.click('limit-add');
    await editor.pick('limit-scope', 'creator');
    expect(await options.locator('[data-testid="limit-creator"] option').allInnerTexts()).toEqual(['Choose a creator', '@coinsight_creator']);
    await fillLimit(editor, { period: 'month', capKind: 'money', cap: '5', action: 'confirm' });
    expect(await options.inputValue('[data-testid="limit-currency"]')).toBe('USD');
    expect(await saveRefused(editor, 'creator')).toBe('Choose the creator this limit is for.');
    const creator = suite.site.creator('coinsight_creator');
    await editor.pick('limit-creator', creator.id);
    await editor.fill('limit-overrides', '2');
    await editor.fill('limit-delay', 'ten');
    expect(await saveRefused(editor, 'delay')).toBe('Enter a whole number of seconds from 0 to 600.');
    await editor.fill('limit-delay', '10');
    await editor.click('limit-save');
    await waitFor('the limit listed', () => editor.text('limit-row'));
    expect(await editor.text('limit-row-scope')).toBe('Gifts to @coinsight_creator');
    expect(await editor.text('limit-row-cap')).toBe('$5.00');
    expect(await editor.text('limit-row-action')).toBe('Ask before each gift');
    expect((await limitsFromWorker(editor)).rules).toEqual([expect.objectContaining({
      scope: { kind: 'creator', creator: creator.id, handle: 'coinsight_creator' }, period: { kind: 'month' },
      cap: { kind: 'money', money: { minor: 500, currency: 'USD' } }, action: 'confirm', overridesPerPeriod: 2, confirmDelaySeconds: 10,
    })]);
    await editor.click('limit-delete');
    await waitFor('the limit gone', () => editor.text('limits-none'));
  });
});
