/**
 * Settings are written only through the background, from an extension page: the options page saves the display
 * currency and week start, and they survive a reload.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, readStorageLocal, text, waitFor, withChromium } from './harness';

describe('options page', () => {
  const suite = withChromium(null);

  it('saves the display currency and week start through the background', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="settings-form"]');
    await options.selectOption('[data-testid="display-currency"]', 'IDR');
    await options.selectOption('[data-testid="week-start"]', '6');
    await options.click('[data-testid="save-settings"]');
    await waitFor('the saved confirmation', async () => (await text(options, 'settings-status')) === 'Saved');
    expect((await readStorageLocal(options)).settings).toEqual({ displayCurrency: 'IDR', weekStart: 6 });

    await options.reload();
    await options.waitForSelector('[data-testid="settings-form"]');
    expect(await options.inputValue('[data-testid="display-currency"]')).toBe('IDR');
    expect(await options.inputValue('[data-testid="week-start"]')).toBe('6');
  });
});
