/**
 * The `explains` list of a hand-entered purchase (ledger.ts `ExplainedCoins`) in an export row, and back.
 *
 * Each item says which unpriced adjustment (the coins held at install, or a balance rise) the purchase took coins from,
 * so deleting the purchase can give them back; a backup must carry it exactly. In JSON and NDJSON it is an array of
 * small flat objects (`{id, at, at_ms, source, coins}`, times as in every row), in CSV the same array as JSON text. It
 * is the row's one nested column: the list has up to MAX_EXPLAINS items, too long for a cell of joined text, and each
 * item keeps its own short strings, so restore's per-string limit still holds. `explains_coins` beside it is the flat
 * total for those who do not need the items.
 *
 * Restore checks more than the ledger's schema can (it is per field): an item's id must be the id of an adjustment of
 * its source, of the purchase's own account for the coins held at install; no adjustment may appear twice; the items
 * may not add up to more than the purchase's coins; and only a purchase typed in by hand carries `where` or `explains`.
 * Otherwise deleting a restored purchase would "give back" coins to entries that never lent them.
 */
import { entryIds, type ExplainedCoins, type RechargeEntry } from '../ledger';
import type { Pseudonymiser } from './pseudonyms';
import { isoInZone } from './timestamps';

export interface ExplainsItem {
  id: string;
  at: string;
  at_ms: number;
  source: ExplainedCoins['source'];
  coins: number;
}

export const EXPLAINS_ITEM_KEYS: readonly (keyof ExplainsItem)[] = ['id', 'at', 'at_ms', 'source', 'coins'];

export function explainsToItems(explains: readonly ExplainedCoins[], timeZone: string): ExplainsItem[] {
  return explains.map((taken) => ({ id: taken.id, at: isoInZone(taken.at, timeZone), at_ms: taken.at, source: taken.source, coins: taken.coins }));
}

export function explainedTotal(explains: readonly ExplainedCoins[]): number {
  let total = 0;
  for (const taken of explains) total += taken.coins;
  return total;
}

/** The items with each adjustment id replaced by its pseudonym in the `entry` domain (the one the `id` column uses). */
export async function pseudonymiseExplains(items: readonly ExplainsItem[], pseudonymiser: Pseudonymiser): Promise<ExplainsItem[]> {
  const out: ExplainsItem[] = [];
  for (const item of items) out.push({ ...item, id: await pseudonymiser.pseudonym('entry', item.id) });
  return out;
}

const ADJUSTMENT_ID_PREFIX: Record<ExplainedCoins['source'], string> = {
  'initial-balance': entryIds.initialBalance(''),
  'balance-rise': entryIds.balanceRise(''),
};

/**
 * Why a restored recharge (already accepted by the ledger's schema) cannot be what Coinsight wrote, or null.
 * `explainsCoins` is the row's `explains_coins` column, which must be the items' total (or empty without items).
 */
export function purchaseProblem(entry: RechargeEntry, explainsCoins: unknown): string | null {
  const explains = entry.explains;
  if (explains === undefined) return explainsCoins === null ? null : 'explains_coins must be empty when explains is';
  if (entry.source !== 'manual') return `explains is only kept for a purchase typed in by hand (source manual), not source ${entry.source}`;
  const total = explainedTotal(explains);
  if (explainsCoins !== total) return `explains_coins (${String(explainsCoins).slice(0, 20)}) is not the total of explains (${total})`;
  if (total > entry.coins) return `explains takes ${total} coins, more than the purchase's ${entry.coins}`;
  const seen = new Set<string>();
  for (let i = 0; i < explains.length; i++) {
    const { id, source } = explains[i]!;
    const expected = source === 'initial-balance' ? entryIds.initialBalance(entry.account) : null;
    if (expected !== null && id !== expected) {
      return `explains[${i}].id: "${id.slice(0, 80)}" is not this account's ${source} adjustment ("${expected.slice(0, 80)}")`;
    }
    const prefix = ADJUSTMENT_ID_PREFIX[source];
    if (expected === null && (!id.startsWith(prefix) || id === prefix)) return `explains[${i}].id: "${id.slice(0, 80)}" is not the id of a ${source} adjustment (${prefix}…)`;
    if (seen.has(id)) return `explains[${i}].id: "${id.slice(0, 80)}" is listed twice`;
    seen.add(id);
  }
  return null;
}

/** `where` is only written for a purchase typed in by hand. */
export function wherePlaceProblem(entry: RechargeEntry): string | null {
  return entry.where !== undefined && entry.source !== 'manual' ? `purchase_where is only kept for a purchase typed in by hand (source manual), not source ${entry.source}` : null;
}
