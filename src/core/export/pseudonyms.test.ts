import { describe, expect, it } from 'vitest';
import { csvExport } from './csv';
import { jsonExport, ndjsonExport } from './json-export';
import { DEFAULT_RESEARCH_COLUMNS } from './fields';
import { STUDY_KEY_ITERATIONS, STUDY_KEY_SALT, StudyKeyError, randomPseudonymiser, studyPseudonymiser } from './pseudonyms';
import type { PrivacyPolicy } from './policy';
import { readBackup } from './restore';
import { ADJUSTMENT, ALL_ENTRIES, BALANCES, BARE_GIFT, FULL_GIFT, MANUAL_PURCHASE, bytes, checkSettings, collect, pagesOf, request } from './export.fixtures';

const STUDY = 'gifting-study-2026-cohort-A';
const policyWith = (pseudonymiser: PrivacyPolicy['pseudonymiser'], extra: Partial<PrivacyPolicy> = {}): PrivacyPolicy =>
  ({ pseudonymiser, allowedColumns: null, removedIds: new Set(), ...extra });

/** Every identifier, handle and free text of the fixtures: none may appear anywhere in a pseudonymised file. */
const SECRETS = [
  '6801234567890123456', '7300000000000000001', '6900000000000000002', 'alice.streams', '7312345678901234567', '7312345678901234999',
  'ORD-1', 'ORD-2', 'HYPERLINK', '00ff00ff00ff00ff', '0123456789abcdef',
  // The hand-entered purchase (in ALL_ENTRIES): its uuid, and the adjustment ids its explains list names.
  '5f0c1b2a-3d4e-4f60-8a7b-9c0d1e2f3a4b', 'a1b2c3d4e5f60718', 'adjustment:',
];

describe('pseudonymisation', () => {
  it('one study key gives one pseudonym per creator on two devices (independent derivations); another key another one', async () => {
    const [a, b, other] = await Promise.all([studyPseudonymiser(STUDY), studyPseudonymiser(` ${STUDY} `), studyPseudonymiser(`${STUDY}-B`)]);
    const creator = '6900000000000000002';
    expect(await a.pseudonym('creator', creator)).toBe(await b.pseudonym('creator', creator));
    expect(await a.pseudonym('creator', creator)).not.toBe(await other.pseudonym('creator', creator));
    expect(await a.pseudonym('creator', creator)).toMatch(/^p_[0-9a-f]{32}$/);
    expect(await a.keyCheck()).toBe(await b.keyCheck());
    expect(await a.keyCheck()).not.toBe(await other.keyCheck());
  });

  it('derives the study key with PBKDF2-SHA-256 under the documented salt and iterations (a fixed vector)', async () => {
    expect(STUDY_KEY_SALT).toBe('coinsight-study-key-v1');
    expect(STUDY_KEY_ITERATIONS).toBe(600_000);
    const subtle = globalThis.crypto.subtle;
    const material = await subtle.importKey('raw', new TextEncoder().encode(STUDY), 'PBKDF2', false, ['deriveBits']);
    const raw = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(STUDY_KEY_SALT), iterations: STUDY_KEY_ITERATIONS }, material, 256);
    const key = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await subtle.sign('HMAC', key, new TextEncoder().encode('creator\u001f6900000000000000002')));
    const expected = `p_${[...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(await (await studyPseudonymiser(STUDY)).pseudonym('creator', '6900000000000000002')).toBe(expected);
  });

  it('separates domains: a room and a creator with the same digits get different pseudonyms', async () => {
    const p = await randomPseudonymiser();
    expect(await p.pseudonym('room', '42')).not.toBe(await p.pseudonym('creator', '42'));
  });

  it('random keys are unlinkable across exports', async () => {
    const [a, b] = await Promise.all([randomPseudonymiser(), randomPseudonymiser()]);
    expect(await a.pseudonym('creator', '1')).not.toBe(await b.pseudonym('creator', '1'));
  });

  it('refuses a study key too short to resist guessing', async () => {
    await expect(studyPseudonymiser('short')).rejects.toBeInstanceOf(StudyKeyError);
  });

  for (const [name, write] of [['CSV', csvExport], ['JSON', jsonExport], ['NDJSON', ndjsonExport]] as const) {
    it(`${name}: no handle, name, note or raw id appears anywhere in a pseudonymised file`, async () => {
      const policy = policyWith(await studyPseudonymiser(STUDY));
      const filters = { from: null, to: null, kinds: null, account: '6801234567890123456' };
      const text = await collect(write({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES) }, request({ policy, filters })));
      for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
      expect(text).toContain('Rose'); // the catalogue's gift name is kept
      expect(text).toContain('gift-card'); // where a purchase was made identifies nobody
    });
  }

  it('a hand-entered purchase: the ids it explains become the pseudonyms of those adjustments\' rows; place, total, dates and coins stay', async () => {
    const policy = policyWith(await studyPseudonymiser(STUDY));
    const doc = JSON.parse(await collect(jsonExport({ entries: pagesOf([ADJUSTMENT, MANUAL_PURCHASE]) }, request({ policy }))));
    const [adjustment, purchase] = doc.entries;
    expect(purchase).toMatchObject({ purchase_where: 'gift-card', explains_coins: 450 });
    expect(purchase.explains).toHaveLength(2);
    expect(purchase.explains[0]).toEqual({ id: adjustment.id, at: '2026-03-28T01:30:00.123+01:00', at_ms: ADJUSTMENT.at, source: 'initial-balance', coins: 300 });
    expect(purchase.explains[1].id).toMatch(/^p_[0-9a-f]{32}$/);
    expect(purchase.explains[1].id).not.toBe(purchase.explains[0].id);
  });

  it('keeps the same creator linkable within and across files under one study key, and records the mode and key check', async () => {
    const docs = await Promise.all([0, 1].map(async () => JSON.parse(await collect(jsonExport(
      { entries: pagesOf([FULL_GIFT, BARE_GIFT]) }, request({ policy: policyWith(await studyPseudonymiser(STUDY)) }),
    )))));
    expect(docs[0].entries[0].room_id).toBe(docs[0].entries[1].room_id);
    expect(docs[0].entries[0].creator_id).toBe(docs[1].entries[0].creator_id);
    expect(docs[0].metadata.pseudonymisation).toEqual(docs[1].metadata.pseudonymisation);
    expect(docs[0].metadata.pseudonymisation.mode).toBe('study');
    expect(docs[0].metadata.withheldColumns).toEqual(['creator_handle', 'note']);
    expect(docs[0].entries[1].account).toBe(''); // unknown stays visibly unknown
  });

  it('review before sharing: removed rows and withheld fields are left out and recorded', async () => {
    const policy = policyWith(null, { allowedColumns: DEFAULT_RESEARCH_COLUMNS.filter((c) => c !== 'gift_name'), removedIds: new Set([FULL_GIFT.id, 'not-in-this-export']) });
    const doc = JSON.parse(await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES) }, request({ policy }))));
    expect(doc.entries.map((e: { id: string }) => e.id)).not.toContain(FULL_GIFT.id);
    expect(doc.summary.removedRows).toBe(1);
    expect(doc.metadata.withheldColumns).toEqual(['gift_name', 'creator_handle', 'note']);
    expect(JSON.stringify(doc)).not.toContain((ADJUSTMENT as { note: string }).note.slice(1, 10));
    for (const row of doc.entries) expect(row).not.toHaveProperty('gift_name');
  });

  it('a pseudonymised or reviewed export cannot be restored as a backup', async () => {
    for (const policy of [policyWith(await randomPseudonymiser()), policyWith(null, { allowedColumns: DEFAULT_RESEARCH_COLUMNS })]) {
      const result = await readBackup(bytes(await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES) }, request({ policy })))), { checkSettings });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/pseudonymised research export|withholds fields/);
    }
  });
});
