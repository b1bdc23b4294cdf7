/**
 * What a research export lets out: pseudonymised identifiers or not, the columns the participant allowed, and the
 * rows they removed in the review step. Derived from the one classification table (fields.ts), so a column can only
 * leave in the form its class allows: free text never leaves a pseudonymised file, whatever the allow-list says.
 */
import { pseudonymiseExplains, type ExplainsItem } from './explains';
import { BALANCE_COLUMNS, ENTRY_COLUMNS, FIELD_CLASSES, PSEUDONYM_DOMAINS, classOfColumn, type BalanceColumn, type EntryColumn } from './fields';
import type { Pseudonymiser } from './pseudonyms';
import type { BalanceRow, Cell, EntryRow, Scalar } from './rows';

export interface PrivacyPolicy {
  /** null: identifiers go out as they are (a personal backup or a non-anonymised export). */
  pseudonymiser: Pseudonymiser | null;
  /** The review step's allow-list of entry columns; null = every column. */
  allowedColumns: readonly EntryColumn[] | null;
  /** Entry ids the participant removed in the review step (raw ids, as shown to them). */
  removedIds: ReadonlySet<string>;
  /** True when the participant went through the review step (the metadata then records what it removed and held back). */
  reviewed?: boolean;
}

export const OPEN_POLICY: PrivacyPolicy = { pseudonymiser: null, allowedColumns: null, removedIds: new Set() };

/** Entry columns that go out, in file order. */
export function includedColumns(policy: PrivacyPolicy): EntryColumn[] {
  const allowed = policy.allowedColumns === null ? null : new Set(policy.allowedColumns);
  return ENTRY_COLUMNS.filter(({ column }) => {
    if (allowed && !allowed.has(column)) return false;
    return !(policy.pseudonymiser && classOf.get(column) === 'free-text');
  }).map(({ column }) => column);
}

/** Entry columns held back (by the allow-list or because they are free text in a pseudonymised export). */
export function withheldColumns(policy: PrivacyPolicy): EntryColumn[] {
  const included = new Set(includedColumns(policy));
  return ENTRY_COLUMNS.map(({ column }) => column).filter((column) => !included.has(column));
}

/** Balance columns: identifiers pseudonymised with the same key; none is free text. */
export const INCLUDED_BALANCE_COLUMNS: readonly BalanceColumn[] = BALANCE_COLUMNS.map(({ column }) => column);

const entryFieldOf = new Map<string, keyof typeof FIELD_CLASSES>(ENTRY_COLUMNS.map(({ column, field }) => [column, field]));
const classOf = new Map(ENTRY_COLUMNS.map(({ column }) => [column, classOfColumn(column)]));

/** The included columns of a row, in file order (no await: the common, unpseudonymised path stays synchronous). */
export function pickColumns(row: EntryRow, columns: readonly EntryColumn[]): Partial<EntryRow> {
  if (columns.length === ENTRY_COLUMNS.length) return row; // every column, already in file order
  const out: Partial<Record<EntryColumn, Cell>> = {};
  for (const column of columns) out[column] = row[column];
  return out;
}

/** The row as it leaves: only included columns, identifiers replaced when the policy pseudonymises. */
export async function applyPolicy(row: EntryRow, columns: readonly EntryColumn[], policy: PrivacyPolicy): Promise<Partial<EntryRow>> {
  const out = pickColumns(row, columns);
  const pseudonymiser = policy.pseudonymiser;
  if (!pseudonymiser) return out;
  for (const column of columns) {
    if (classOf.get(column) !== 'pseudonymise') continue;
    const value = row[column];
    // The one list column that is pseudonymised is `explains` (`cost_paid` is kept: money only).
    out[column] = isList(value)
      ? await pseudonymiseExplains(value as readonly ExplainsItem[], pseudonymiser)
      : await protect(entryFieldOf.get(column)!, value, pseudonymiser, 'entry');
  }
  return out;
}

export async function applyPolicyToBalance(row: BalanceRow, pseudonymiser: Pseudonymiser | null): Promise<BalanceRow> {
  const out = { ...row };
  if (pseudonymiser) {
    out.id = await protect('id', row.id, pseudonymiser, 'balance');
    out.account = await protect('account', row.account, pseudonymiser, 'balance');
  }
  return out;
}

const isList = (value: Cell): value is Extract<Cell, readonly unknown[]> => Array.isArray(value);

async function protect(field: keyof typeof FIELD_CLASSES, value: Scalar, pseudonymiser: Pseudonymiser | null, record: 'entry' | 'balance'): Promise<Scalar> {
  if (!pseudonymiser || FIELD_CLASSES[field] !== 'pseudonymise' || value === null) return value;
  // An empty account means "unknown": it stays visibly unknown rather than becoming one shared pseudonym.
  if (value === '') return '';
  const domain = field === 'id' && record === 'balance' ? 'balance' : PSEUDONYM_DOMAINS[field as keyof typeof PSEUDONYM_DOMAINS];
  return pseudonymiser.pseudonym(domain, String(value));
}
