/**
 * On /coin: under each coin package, its price per 100 coins, and how it compares with what the user paid before (their
 * average, from the ledger) and with the in-app price (where a basis exists for that currency; otherwise it says there
 * is none). Packages are found by TikTok's own markers (shared/tiktok/README.md §4): `wallet-package-coin-num-N` and
 * `wallet-package-price-N` inside the tile `wallet-package-N` (or `wallet-package-selected` once picked). Prices are read
 * with the page's locale; a price that cannot be read shows nothing and is counted, never guessed. A page that shows no
 * package at all after a while is counted too: TikTok's markers may have changed.
 */
import { comparisonLine, per100 } from '../../core/in-page';
import { parseLocalizedPrice } from '../../core/localized-price';
import { formatMoney } from '../../core/money';
import { parseCoinCount } from '../../core/tiktok/coinPage';
import type { InPagePrices } from '../../platform/protocol';
import type { RelayPage } from '../features/feature';
import { askPrices } from './ask';
import { HOST_TAG, isOurs, removeFrom, showIn } from './host';
import type { Tally } from './tally';
import { watchPage } from './watch';

const COIN_NUM = 'wallet-package-coin-num-';
/** How long a /coin page may take to show its packages before their absence is counted as a changed page. */
export const NO_PACKAGES_AFTER_MS = 15_000;

export function coinPackagePrices(signal: AbortSignal, page: RelayPage, tally: Tally): void {
  let prices: InPagePrices | null = null;
  let seenAny = false;

  const scan = (): void => {
    if (!prices) return;
    const locale = document.documentElement.lang || navigator.language;
    for (const coinNum of document.querySelectorAll(`[data-e2e^="${COIN_NUM}"]`)) {
      const index = coinNum.getAttribute('data-e2e')!.slice(COIN_NUM.length);
      if (!/^\d{1,3}$/.test(index)) continue;
      seenAny = true;
      const tile = coinNum.closest(`[data-e2e="wallet-package-${index}"],[data-e2e="wallet-package-selected"]`) ?? coinNum.parentElement;
      if (!tile) continue;
      const priceElement = tile.querySelector(`[data-e2e="wallet-package-price-${index}"]`) ?? document.querySelector(`[data-e2e="wallet-package-price-${index}"]`);
      const coins = parseCoinCount(coinNum.textContent ?? '');
      const price = priceElement ? parseLocalizedPrice((priceElement.textContent ?? '').trim(), locale) : null;
      if (!priceElement) tally.note('coin-page', 'package price marker missing', index);
      else if (coins === null) tally.note('coin-page', 'package coins not readable', index);
      else if (!price) tally.note('coin-page', 'package price not readable', index);
      const each = price && coins ? per100(price, coins) : null;
      if (!price || !coins || !each) {
        removeFrom(tile, HOST_TAG);
        continue;
      }
      const yours = prices.yourAverage;
      const app = prices.appBases.find((basis) => basis.rate.currency === price.currency) ?? null;
      const lines = [
        `${formatMoney(each, locale)} per 100 coins`,
        comparisonLine('Your average', price, coins, yours, locale),
        comparisonLine('In-app', price, coins, app, locale),
      ];
      const sources = [yours && `your average is ${yours.source.toLowerCase()}`, app && `in-app: ${app.source}${app.asOf ? `, as of ${app.asOf}` : ''}`].filter(Boolean).join('; ');
      showIn(tile, HOST_TAG, lines, `Coinsight: ${lines.join('. ')}.${sources ? ` (${sources})` : ''}`);
    }
  };

  askPrices(page.context.account(), []).then((reply) => {
    prices = reply;
    scan();
  }, () => undefined);
  watchPage(signal, isOurs, scan);
  const timer = setTimeout(() => seenAny || tally.note('coin-page', 'no coin packages found (wallet-package markers)', ''), NO_PACKAGES_AFTER_MS);
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
