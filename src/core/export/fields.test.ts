import { describe, expect, it } from 'vitest';
import { balanceObservationSchema, ledgerEntrySchema } from '../ledger';
import { settingsPatchSchema } from '../../platform/settings';
import { BALANCE_COLUMNS, ENTRY_COLUMNS, FIELD_CLASSES, FREE_TEXT_COLUMNS, PSEUDONYM_DOMAINS, SETTINGS_CLASSES, classOfColumn } from './fields';
import { ADJUSTMENT, BALANCES, FULL_GIFT, IMPORTED_GIFT, IMPORTED_PURCHASE, MANUAL_PURCHASE, RECHARGE, SETTINGS, UNSEEN } from './export.fixtures';

/** Every key the runtime schema keeps of a maximal record: the schemas drop unknown keys, so this is their shape. */
function schemaKeys(check: (value: unknown, path: string) => { ok: boolean; value?: unknown }, maximal: object, extra: Record<string, unknown> = {}): string[] {
  const result = check({ ...maximal, ...extra }, '');
  expect(result.ok).toBe(true);
  return Object.keys(result.value as object);
}

describe('the field classification table', () => {
  it('classifies every field the ledger schemas accept, for every kind', () => {
    const keys = new Set([
      ...schemaKeys(ledgerEntrySchema, FULL_GIFT),
      ...schemaKeys(ledgerEntrySchema, RECHARGE),
      ...schemaKeys(ledgerEntrySchema, MANUAL_PURCHASE),
      ...schemaKeys(ledgerEntrySchema, ADJUSTMENT),
      ...schemaKeys(ledgerEntrySchema, UNSEEN, { note: 'x' }),
      ...schemaKeys(ledgerEntrySchema, IMPORTED_GIFT, { matchedId: 'gift:order:1' }),
      ...schemaKeys(ledgerEntrySchema, IMPORTED_PURCHASE, { timeZone: 'UTC' }),
      ...schemaKeys(balanceObservationSchema, BALANCES[1]!),
    ]);
    const unclassified = [...keys].filter((key) => !Object.hasOwn(FIELD_CLASSES, key));
    expect(unclassified).toEqual([]);
    // And the table holds nothing the ledger does not have (a stale row would hide a rename).
    expect(Object.keys(FIELD_CLASSES).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('classifies every settings field (backups carry settings)', () => {
    expect(Object.keys(schemaKeys(settingsPatchSchema, SETTINGS)).length).toBeGreaterThan(0);
    expect(schemaKeys(settingsPatchSchema, SETTINGS).sort()).toEqual(Object.keys(SETTINGS_CLASSES).sort());
  });

  it('maps every classified entry field to at least one column, and every column to a classified field', () => {
    const entryFields = Object.keys(FIELD_CLASSES).filter((f) => f !== 'raced');
    for (const field of entryFields) expect(ENTRY_COLUMNS.some((c) => c.field === field), field).toBe(true);
    for (const { field } of [...ENTRY_COLUMNS, ...BALANCE_COLUMNS]) expect(FIELD_CLASSES[field]).toBeDefined();
  });

  it('treats handles and notes as free text, and identifiers of people, rooms and orders as pseudonymised', () => {
    expect(FREE_TEXT_COLUMNS).toEqual(['creator_handle', 'note']);
    for (const field of ['id', 'account', 'roomId', 'creatorId', 'orderId', 'msgId', 'explains'] as const) expect(FIELD_CLASSES[field]).toBe('pseudonymise');
  });

  it('a hand-entered purchase: its place and explained total are kept, the adjustment ids it explains pseudonymised like entry ids', () => {
    expect(classOfColumn('purchase_where')).toBe('keep');
    expect(classOfColumn('explains_coins')).toBe('keep'); // a total of coins, derived from explains but identifying nothing
    expect(classOfColumn('explains')).toBe('pseudonymise');
    // The same domain as the id column: a pseudonymised item still names its adjustment's pseudonymised row.
    expect(PSEUDONYM_DOMAINS.explains).toBe(PSEUDONYM_DOMAINS.id);
  });
});
