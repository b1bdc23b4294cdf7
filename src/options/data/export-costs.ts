/**
 * What each spend of an export cost, computed along the export's own pages (core/export/costs.ts). The ledger is read
 * once: per account, a FIFO walk (core/cost-rows.ts FifoWalk, the worker's own) starts from the stored cost basis at
 * the hour of the account's first exported entry (platform/cost-state.ts: a handful of rows), consumes that hour's
 * entries before it, and then follows the pages, which hold each account's entries in the cost basis's own order
 * (`at`, then id: the `at` and `[account+at]` indexes order equal keys by primary key alike). So the figures are
 * those of queries/cost.ts `costsIn` (a test holds them equal), at the cost of one state read per account, and the
 * walk holds only the lots not yet used up.
 * Until the worker has built the cost basis of a ledger from before it (`builds`), the walk starts from the account's
 * first entry instead, reading the entries before the export's first one with a cursor.
 * Estimates: the coins of unknown price at the basis the settings resolve to for the account (core/conversion.ts
 * `resolveBasis`, as the Balance view does), labelled with the basis's id.
 */
import { Dexie } from 'dexie';
import { resolveBasis, estimateAt, type ResolvedBasis } from '../../core/conversion';
import { FifoWalk, isLotEntry } from '../../core/cost-rows';
import type { EntryCost } from '../../core/export/costs';
import { isImported, type LedgerEntry } from '../../core/ledger';
import { HOUR, LIFETIME_BUCKET, bucketOf, emptyRollup } from '../../core/rollups';
import { fifoStateAt } from '../../platform/cost-state';
import { LOTS_BUILD, type CoinsightDb } from '../../platform/db';
import type { Settings } from '../../platform/settings';

/** Lots already used up are dropped from a walk once this many have gathered, so its memory stays flat. */
const COMPACT_AFTER = 1024;

interface AccountWalk {
  walk: FifoWalk;
  basis: ResolvedBasis;
}

export function exportCosts(db: CoinsightDb, settings: Settings): (page: readonly LedgerEntry[]) => Promise<Map<string, EntryCost>> {
  const walks = new Map<string, AccountWalk>();
  let built: boolean | null = null;

  const start = async (first: LedgerEntry): Promise<AccountWalk> => {
    const { account } = first;
    built ??= (await db.builds.get(LOTS_BUILD))?.complete === 1;
    const from = built ? bucketOf(first.at) * HOUR : Dexie.minKey;
    const state = built ? await fifoStateAt(db, account, bucketOf(first.at)) : null;
    const walk = new FifoWalk(state ? state.open : [], state ? state.consumed : 0);
    // The account's entries before the first exported one (the same instant included, up to its id).
    await db.ledger.where('[account+at]').between([account, from], [account, first.at], true, true).until((entry) => entry.at === first.at && entry.id >= first.id).each((entry) => {
      if (isImported(entry)) return; // imported history stays out of the cost basis (docs/DESIGN-NOTES.md, "Imported history")
      if (isLotEntry(entry)) walk.lot(entry);
      else walk.spend(entry);
    });
    const lifetime = (await db.rollups.get([account, LIFETIME_BUCKET])) ?? emptyRollup(account, LIFETIME_BUCKET);
    const basis = resolveBasis(settings.conversion.basis, lifetime, settings.conversion.customRate, settings.displayCurrency);
    return { walk, basis };
  };

  return async (page) => {
    const costs = new Map<string, EntryCost>();
    for (const entry of page) {
      if (isImported(entry)) continue; // no cost: outside the cost basis
      let account = walks.get(entry.account);
      if (!account) walks.set(entry.account, (account = await start(entry)));
      if (isLotEntry(entry)) {
        account.walk.lot(entry);
        continue;
      }
      const cost = account.walk.spend(entry);
      let unpriced = 0;
      for (const coins of Object.values(cost.unpriced)) unpriced += coins ?? 0;
      const estimate = unpriced > 0 ? { ...estimateAt(unpriced, account.basis.basis), basis: account.basis.basis.id } : null;
      costs.set(entry.id, { cost, estimate });
    }
    for (const { walk } of walks.values()) if (walk.usedUp() >= COMPACT_AFTER) walk.compact();
    return costs;
  };
}
