/**
 * Firefox: the limits editor works there too, through the suspendable background (an event page): bad input is
 * refused beside its field, a weekly coins limit is saved, listed with its standing, shown in the popup with its bar,
 * and deleted. The steps are the Chromium test's (tests/e2e/limits-editor.ts).
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from './harness';
import { openExtensionPage, withFirefox } from './firefox';
import { fillLimit, firefoxEditor, limitsFromWorker, saveRefused, utcDate } from './limits-editor';

describe('Firefox: spend limits in the options page and the popup', () => {
  const suite = withFirefox(null);

  it('refuses bad input beside each field, saves a weekly limit, shows it in the popup and deletes it', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html', '[data-testid="limits-none"]');
    const editor = firefoxEditor(options);
    await editor.click('limit-add');
    await fillLimit(editor, { period: 'week', capKind: 'coins', cap: '-1' });
    expect(await saveRefused(editor, 'cap')).toBe('A cap cannot be negative.');
    await fillLimit(editor, { period: 'custom', from: utcDate(2), days: '7', cap: '' });
    expect(await saveRefused(editor, 'from')).toBe('The period must start today or earlier.');
    expect(await editor.text('limit-cap-error')).toBe('Enter a cap (0 means nothing at all).');
    expect((await limitsFromWorker(editor)).rules).toEqual([]);

    await fillLimit(editor, { period: 'week', cap: '2,500', action: 'block' });
    await editor.click('limit-save');
    await waitFor('the limit listed', () => editor.text('limit-row-left'));
    expect(await editor.text('limit-row-cap')).toBe('2,500 coins');
    expect(await editor.text('limit-row-action')).toBe('Block');
    expect(await editor.text('limit-row-left')).toBe('2,500 coins left');
    expect((await limitsFromWorker(editor)).rules).toEqual([expect.objectContaining({ period: { kind: 'week' }, cap: { kind: 'coins', coins: 2500 }, action: 'block' })]);

    const popup = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="popup-limit"]');
    expect(await popup.$eval('[data-testid="popup-limit-bar"]', (el) => el.getAttribute('value'))).toBe('0');
    expect(await firefoxEditor(popup).text('popup-limit-left')).toBe('2,500 coins left');

    await editor.click('limit-delete');
    await waitFor('the limit gone', () => editor.text('limits-none'));
    expect((await limitsFromWorker(editor)).rules).toEqual([]);
  });
});
