/**
 * What an import of TikTok's data download does to the ledger, decided before anything is written: which rows are
 * new, which were imported before (same id: the id is a hash of the row's own text), and for each new row whether it
 * counts. Pure: the worker reads what it needs and hands it in (background/handlers/tiktok-import.ts).
 *
 * A row counts (`history`) only when nothing Coinsight captured already accounts for it:
 * - `overlap`: it matches a captured entry: a gift of the same coins to the same recipient (handle, case and a leading
 *   @ ignored), or a purchase of the same coins, within OVERLAP_TOLERANCE_MS. Each captured entry explains at most one
 *   imported row (the nearest in time first).
 * - `in-captured-period`: it is dated at or after the account's first captured entry. From then on every coin that
 *   left the account is a captured gift or unseen spending inferred from wallet readings, so a row there is already
 *   counted even when no single captured entry matches it (a gift sent from the phone is unseen spending).
 * See docs/DESIGN-NOTES.md, "Imported history".
 */
import type { CapturedEntry, ImportStatus, ImportedEntry, LedgerEntry } from './ledger';

/** TikTok's Date and Coinsight's capture time of the same gift differ by the request's round trip; a zone answered wrong by hours does not match. */
export const OVERLAP_TOLERANCE_MS = 5 * 60_000;
/** Overlapping rows listed in a report (the counts cover all of them). */
export const MAX_LISTED_OVERLAPS = 200;

export interface PlanInput {
  /** The imported rows, as the page built them; their status is decided here. */
  candidates: readonly ImportedEntry[];
  /** The `at` of the account's first captured entry; null when Coinsight captured nothing for it yet. */
  capturedFrom: number | null;
  /** The account's captured gifts and recharges within the candidates' time span (± the tolerance). */
  captured: readonly CapturedEntry[];
  /** Candidates' ids already in the ledger. */
  stored: ReadonlyMap<string, LedgerEntry>;
}

export interface OverlapRow {
  importedId: string;
  kind: ImportedEntry['kind'];
  fileRow: number;
  at: number;
  coins: number;
  recipient: string | null;
  capturedId: string;
  capturedAt: number;
}

export interface ImportReport {
  /** Rows this import adds, by status. */
  added: Record<ImportStatus, number>;
  /** Coins of the added rows, by status (only `history` coins enter totals). */
  coins: Record<ImportStatus, number>;
  /** Rows already in the ledger from an earlier import of the same file: skipped. */
  alreadyImported: number;
  capturedFrom: number | null;
  /** The first MAX_LISTED_OVERLAPS overlapping rows, with the captured entry each matched. */
  overlaps: OverlapRow[];
  written: boolean;
}

export interface ImportPlan {
  add: ImportedEntry[];
  report: ImportReport;
}

const handleKey = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase();

function matchKey(entry: CapturedEntry | ImportedEntry): string | null {
  switch (entry.kind) {
    case 'gift':
      return entry.creatorHandle ? `g\u001f${handleKey(entry.creatorHandle)}\u001f${entry.coins}` : null;
    case 'imported-gift':
      return `g\u001f${handleKey(entry.creatorHandle)}\u001f${entry.coins}`;
    case 'recharge':
    case 'imported-purchase':
      return `p\u001f${entry.coins}`;
    default:
      return null;
  }
}

const zero = (): Record<ImportStatus, number> => ({ history: 0, overlap: 0, 'in-captured-period': 0 });

export function planImport(input: PlanInput): ImportPlan {
  const pools = new Map<string, CapturedEntry[]>();
  for (const entry of input.captured) {
    const key = matchKey(entry);
    if (key === null) continue;
    const pool = pools.get(key);
    if (pool) pool.push(entry);
    else pools.set(key, [entry]);
  }
  const used = new Set<string>();
  const report: ImportReport = { added: zero(), coins: zero(), alreadyImported: 0, capturedFrom: input.capturedFrom, overlaps: [], written: false };
  const add: ImportedEntry[] = [];
  const seen = new Set<string>();
  // In time order, so that of two imported rows that could match one capture the earlier one takes it, every time.
  const ordered = [...input.candidates].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const candidate of ordered) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    if (input.stored.has(candidate.id)) {
      report.alreadyImported++;
      continue;
    }
    const match = nearest(pools.get(matchKey(candidate)!) ?? [], candidate.at, used);
    const status: ImportStatus = match ? 'overlap'
      : input.capturedFrom !== null && candidate.at >= input.capturedFrom ? 'in-captured-period' : 'history';
    const { matchedId: _ignored, ...rest } = candidate;
    const entry = { ...rest, status, ...(match ? { matchedId: match.id } : {}) } as ImportedEntry;
    if (match) {
      used.add(match.id);
      if (report.overlaps.length < MAX_LISTED_OVERLAPS) {
        report.overlaps.push({
          importedId: entry.id, kind: entry.kind, fileRow: entry.fileRow, at: entry.at, coins: entry.coins,
          recipient: entry.kind === 'imported-gift' ? entry.creatorHandle : null, capturedId: match.id, capturedAt: match.at,
        });
      }
    }
    report.added[status]++;
    report.coins[status] += entry.coins;
    add.push(entry);
  }
  return { add, report };
}

function nearest(pool: readonly CapturedEntry[], at: number, used: ReadonlySet<string>): CapturedEntry | null {
  let best: CapturedEntry | null = null;
  for (const entry of pool) {
    const distance = Math.abs(entry.at - at);
    if (distance > OVERLAP_TOLERANCE_MS || used.has(entry.id)) continue;
    if (!best || distance < Math.abs(best.at - at)) best = entry;
  }
  return best;
}

/** The span of captured entries a plan needs: the candidates' first and last time, widened by the tolerance. */
export function spanOf(candidates: readonly ImportedEntry[]): { from: number; to: number } | null {
  if (candidates.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const c of candidates) {
    from = Math.min(from, c.at);
    to = Math.max(to, c.at);
  }
  return { from: from - OVERLAP_TOLERANCE_MS, to: to + OVERLAP_TOLERANCE_MS };
}
