/**
 * The toolbar badge follows the tightest limit after each send (issue 9, item 2 and its acceptance line), read through
 * the browser's action API: a weekly warn limit of 100 coins beside a looser monthly one of 1,000, both saved through
 * the worker's door; after each recorded send the badge shows what is left of the weekly one, green below 50 % used,
 * yellow from 50, orange from 80, red from 100. Warn limits hold nothing: every send goes out.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, waitFor, withChromium } from './harness';
import { limitRule, readBadge, saveLimit } from './limits-harness';
import { ROSE, openLive, sendGift } from './live-page';

const PERFUME = 9103; // 20 coins
const DOUGHNUT = 9104; // 30 coins
const GREEN = [46, 125, 50, 255];
const YELLOW = [249, 168, 37, 255];
const ORANGE = [239, 108, 0, 255];
const RED = [198, 40, 40, 255];

describe('the badge and the tightest limit (Chromium)', () => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' });

  it('shows what is left of the tightest limit after each send, coloured at 50, 80 and 100 %', async () => {
    const { site, session } = suite;
    const extension = await openExtensionPage(session, 'src/options/index.html');
    const badgeIs = (text: string, colour: number[]) => waitFor(`the badge "${text}" in ${colour.join(',')}`, async () => {
      const badge = await readBadge(extension);
      return badge.text === text && badge.colour.join() === colour.join() ? badge : null;
    });
    expect(await readBadge(extension)).toMatchObject({ text: '' }); // no limits, no badge
    await saveLimit(extension, limitRule({ action: 'warn', period: { kind: 'month' }, cap: { kind: 'coins', coins: 1_000 } }));
    await badgeIs('1K', GREEN);
    await saveLimit(extension, limitRule({ action: 'warn' }));
    await badgeIs('100', GREEN);

    const live = await session.context.newPage();
    await openLive(live);
    const steps: [number, string, number[]][] = [
      [PERFUME, '80', GREEN], // 20 %
      [DOUGHNUT, '50', YELLOW], // 50 %
      [DOUGHNUT, '20', ORANGE], // 80 %
      [ROSE, '19', ORANGE], // 81 %
      [PERFUME, '0', RED], // 101 %: a warn limit lets it through; nothing is left
    ];
    const sends = site.state.sends.length;
    for (const [gift, text, colour] of steps) {
      expect(await sendGift(live, gift)).toBe('ok');
      await badgeIs(text, colour);
    }
    expect(site.state.sends.length).toBe(sends + steps.length);
  });
});
