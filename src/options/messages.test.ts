// Keys the options page builds from data (a basis kind, a purchase place, a refusal code) must all have an English text:
// a missing one would show the bare key on screen.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASES } from '../core/conversion';
import { PURCHASE_PLACES } from '../core/ledger';
import { ENTRY_KINDS, EXPORT_FORMATS } from '../core/export';
import { BASIS_CHOICES } from './bases-view';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const key = (prefix: string, code: string) => `${prefix}_${code.replaceAll('-', '_')}`;

describe('messages the options page builds from data', () => {
  it('every basis has a name and a source; every place a label; every refusal a reason', () => {
    const wanted = [
      ...BASIS_CHOICES.map((choice) => key('basisName', choice)),
      key('basisSource', 'your-purchases'), key('basisSource', 'custom'),
      // A reported default added later needs its English source here too (the page falls back to core's text).
      ...DEFAULT_BASES.map((basis) => key('basisSourceOf', basis.id)),
      ...PURCHASE_PLACES.map((place) => key('where', place)),
      ...['empty', 'no-number', 'negative', 'not-whole', 'zero', 'too-large', 'bad-grouping'].flatMap((code) => [key('coinsRefused', code), key('diamondsRefused', code)]),
      ...['missing', 'future', 'too-early'].map((code) => key('dateRefused', code)),
      'whereRefused_missing', 'exchangeRefused_no_currency', 'exchangeRefused_same_currency', 'exchangeRefused_too_many',
      ...ENTRY_KINDS.map((kind) => key('exportKind', kind)), ...EXPORT_FORMATS.map((format) => key('exportFormat', format)),
      ...['none', 'random', 'study'].map((mode) => key('exportPseudonyms', mode)),
      'fallbackNoPurchases', 'fallbackNoCustomRate', 'fallbackBadCustomRate',
    ];
    expect(wanted.filter((name) => !messages[name]?.message)).toEqual([]);
  });

  it('every placeholder a message uses is declared, so the browser fills it instead of printing $NAME$', () => {
    for (const [name, { message, placeholders }] of Object.entries(messages)) {
      const used = [...message.replaceAll('$$', '').matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase());
      expect(used.filter((p) => !placeholders?.[p]), name).toEqual([]);
    }
  });
});
