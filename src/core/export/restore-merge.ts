/**
 * How a restored record meets what the database already holds, merged by id (DESIGN-NOTES "First write wins"):
 * a new id is added; the same content again is a no-op; the same id with other content keeps what is there and is
 * reported as a conflict (a restore never rewrites a recorded entry). Cross-checks (`checks`) are left out of the
 * comparison, as the recorder does, since they depend on what was seen when the entry was made.
 */
import type { BalanceObservation, LedgerEntry } from '../ledger';

export type MergeDecision = 'add' | 'same' | 'conflict';

/** JSON with keys sorted at every level, so key order never makes two equal records differ. */
function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record).sort().filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

const withoutChecks = (record: object) => {
  const { checks: _checks, ...rest } = record as Record<string, unknown>;
  return rest;
};

export function mergeDecision<T extends LedgerEntry | BalanceObservation>(existing: T | undefined, incoming: T): MergeDecision {
  if (existing === undefined) return 'add';
  return canonical(withoutChecks(existing)) === canonical(withoutChecks(incoming)) ? 'same' : 'conflict';
}

export interface MergePlan<T> {
  add: T[];
  same: number;
  conflicts: { id: string; existing: T; incoming: T }[];
}

/** One batch's plan, given the stored records with the batch's ids (one bulkGet by the caller). */
export function planMerge<T extends LedgerEntry | BalanceObservation>(incoming: readonly T[], stored: ReadonlyMap<string, T>): MergePlan<T> {
  const plan: MergePlan<T> = { add: [], same: 0, conflicts: [] };
  for (const record of incoming) {
    const existing = stored.get(record.id);
    const decision = mergeDecision(existing, record);
    if (decision === 'add') plan.add.push(record);
    else if (decision === 'same') plan.same++;
    else plan.conflicts.push({ id: record.id, existing: existing!, incoming: record });
  }
  return plan;
}
