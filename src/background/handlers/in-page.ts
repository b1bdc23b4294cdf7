/**
 * The worker's answer to the in-page prices (content script → worker, `in-page/prices`): the basis estimates are made
 * at (the user's choice, resolved against this account's purchases), the account's average, the in-app bases, and the
 * catalogue's gifts for the image hashes the LIVE gift panel shows, each priced at that basis. Content scripts never
 * open the database; they get exactly this. A hash the catalogue does not know is left out: the panel shows nothing
 * for it rather than a guess.
 */
import { DEFAULT_BASES, convertMoney, estimateAt, resolveBasis, yourPurchasesBasis, type ExchangeRate } from '../../core/conversion';
import { LIFETIME_BUCKET, addRollup, emptyTotals } from '../../core/rollups';
import type { CatalogueRow, CoinsightDb } from '../../platform/db';
import type { InPageGift, InPagePrices } from '../../platform/protocol';
import type { Settings } from '../../platform/settings';

export async function inPagePrices(db: CoinsightDb, settings: Settings, request: { account: string; hashes: string[] }): Promise<InPagePrices> {
  const hashes = [...new Set(request.hashes)];
  const [lifetimeRow, rows] = await Promise.all([
    request.account ? db.rollups.get([request.account, LIFETIME_BUCKET]) : Promise.resolve(undefined),
    hashes.length ? db.catalogue.where('imageHash').anyOf(hashes).toArray() : Promise.resolve([] as CatalogueRow[]),
  ]);
  const lifetime = lifetimeRow ? addRollup(emptyTotals(), lifetimeRow) : emptyTotals();
  const { conversion, displayCurrency } = settings;
  const resolved = resolveBasis(conversion.basis, lifetime, conversion.customRate, displayCurrency);

  // Two gift ids may share an image: the one seen most recently is the one the page shows now.
  const newest = new Map<string, CatalogueRow>();
  for (const row of rows) {
    const held = row.imageHash ? newest.get(row.imageHash) : undefined;
    if (row.imageHash && (!held || row.seenAt > held.seenAt)) newest.set(row.imageHash, row);
  }
  const gifts: InPageGift[] = [];
  let exchange: ExchangeRate | null = null;
  for (const [hash, row] of newest) {
    const atBasis = estimateAt(row.coins, resolved.basis);
    // In the display currency only where the user typed an exchange rate; otherwise in the basis's own currency.
    const converted = convertMoney(atBasis, displayCurrency, conversion.exchangeRates);
    exchange = converted?.rate ?? exchange;
    gifts.push({ hash, giftId: row.giftId, name: row.name, coins: row.coins, estimate: converted?.money ?? atBasis });
  }
  return {
    resolved,
    yourAverage: yourPurchasesBasis(lifetime),
    appBases: DEFAULT_BASES.filter((basis) => basis.kind === 'app-package'),
    displayCurrency,
    exchange,
    gifts,
  };
}
