import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../../core/research-key';
import { messages } from '../../platform/protocol';
import { RESEARCH_KEY, type RoomGiftRow } from '../../platform/research';
import { researchFromStorage } from '../../platform/research-settings';
import { NOW, ROOM, freshDb } from '../recorder.fixtures';
import { RefusedError } from '../router';
import { MemoryStorage } from './data.fixtures';
import { changeResearch, researchHandlers, type ManagedStudy } from './research-settings';

const HEX_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

function setup(initial: Record<string, unknown> = {}, managed: ManagedStudy | null = null) {
  const db = freshDb();
  const storage = new MemoryStorage(initial);
  const handlers = researchHandlers(db, storage, () => NOW, async () => managed);
  const stored = async () => researchFromStorage((await storage.get(RESEARCH_KEY))[RESEARCH_KEY]);
  const origin = { kind: 'extension-page' as const, tabId: undefined };
  return { db, storage, stored, set: (p: Parameters<typeof handlers.researchSettings>[0]) => handlers.researchSettings(p, origin), del: () => handlers.researchDelete({}, origin) };
}

const row = (n: number): RoomGiftRow => ({
  id: `r${n}`, roomId: ROOM, creatorId: null, creatorHandle: null, at: NOW + n, endedAt: NOW + n, giftId: 5655, giftName: 'Rose', count: 1,
  unitCoins: 1, coins: 1, sender: 'ab'.repeat(16), streakId: `s${n}`, final: 1, ownLedgerId: null, source: 'push',
});

describe('research settings (worker)', () => {
  it('only extension pages may send them', () => {
    expect(messages.researchSettings.from).toBe('extension-page');
    expect(messages.researchDelete.from).toBe('extension-page');
    expect(messages.researchSettings.payload({ enabled: 'yes' }, '').ok).toBe(false);
    expect(messages.researchSettings.payload({ enabled: true, studyName: 'x'.repeat(101) }, '').ok).toBe(false);
  });

  it('is off by default, and refuses to switch on without consent (nothing written)', async () => {
    const { set, storage, db } = setup();
    const error = await set({ enabled: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/consent/);
    expect(storage.snapshot()).toBe('[]');
    expect(await db.researchKeys.count()).toBe(0);
  });

  it('switches on with consent given in the same request, making a key for this install', async () => {
    const { set, stored, db } = setup();
    const state = await set({ enabled: true, consent: true, studyName: '  Gifting rhythms 2026 ' });
    expect(state.settings).toEqual({ enabled: true, consentedAt: NOW, studyName: 'Gifting rhythms 2026', studyKeyId: expect.stringMatching(/^k_[0-9a-f]{16}$/) });
    expect(state.key).toMatchObject({ kind: 'install', from: 'generated' });
    expect(await stored()).toEqual(state.settings);
    const key = (await db.researchKeys.toArray())[0]!;
    expect(key.bytes).toHaveLength(32);
    expect(key.id).toBe(await keyIdOf(key.bytes));
    // The key bytes never reach storage.local (content scripts can read it).
    const local = JSON.stringify(state) + JSON.stringify(await stored());
    expect(local).not.toContain(String(key.bytes[0]) + ',' + String(key.bytes[1]));
  });

  it('a consent on record lets a later request switch on; off stops at once and keeps consent, study and log', async () => {
    const { set, stored, db } = setup();
    await set({ enabled: false, consent: true });
    expect((await stored()).enabled).toBe(false);
    const on = await set({ enabled: true });
    expect(on.settings.enabled).toBe(true);
    await db.roomGifts.bulkPut([row(1), row(2)]);
    const off = await set({ enabled: false });
    expect(off.settings).toEqual({ ...on.settings, enabled: false });
    expect(await db.roomGifts.count()).toBe(2);
    // Switched on again: the same install key, so pseudonyms stay linkable within this browser.
    expect((await set({ enabled: true })).settings.studyKeyId).toBe(on.settings.studyKeyId);
  });

  it('withdrawing consent switches off, and switching on again needs a new consent', async () => {
    const { set } = setup();
    await set({ enabled: true, consent: true });
    expect((await set({ enabled: false, consent: false })).settings).toMatchObject({ enabled: false, consentedAt: null });
    await expect(set({ enabled: true })).rejects.toThrow(/consent/);
    await expect(set({ enabled: true, consent: false })).rejects.toThrow(/withdrawn/);
  });

  it('a study key in hex, base64 or as a passphrase gives the same id on every device', async () => {
    const a = setup();
    const b = setup();
    const hex = await a.set({ enabled: true, consent: true, studyKey: HEX_KEY.toUpperCase() });
    const base64 = await b.set({ enabled: true, consent: true, studyKey: `base64:${Buffer.from(HEX_KEY, 'hex').toString('base64')}` });
    expect(hex.key).toMatchObject({ kind: 'study', from: 'hex' });
    expect(base64.key).toMatchObject({ kind: 'study', from: 'base64' });
    expect(hex.settings.studyKeyId).toBe(base64.settings.studyKeyId);
    const phrase = await a.set({ enabled: true, studyKey: 'violet harbour lantern 42' });
    const again = await b.set({ enabled: true, studyKey: ' violet harbour lantern 42 ' });
    expect(phrase.key).toMatchObject({ kind: 'study', from: 'passphrase' });
    expect(phrase.settings.studyKeyId).toBe(again.settings.studyKeyId);
    expect(phrase.settings.studyKeyId).not.toBe(hex.settings.studyKeyId);
    // null goes back to a key of this install.
    expect((await a.set({ enabled: true, studyKey: null })).key).toMatchObject({ kind: 'install' });
  });

  it('refuses a bad key with the reason, and changes nothing', async () => {
    const { set, storage } = setup();
    await set({ enabled: true, consent: true, studyName: 'S' });
    const before = storage.snapshot();
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['short', /at least 12 characters/],
      [HEX_KEY.slice(0, 33), /even number of digits/],
      ['ab'.repeat(65), /at most 128 digits/],
      ['base64:AAAA', /at least 16 bytes \(this one holds 3\)/],
      ['base64:not base64!', /not base64/],
    ];
    for (const [text, reason] of cases) {
      const error = await changeResearch(freshDb(), storage, { enabled: true, studyKey: text }, () => NOW).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(RefusedError);
      expect((error as Error).message, text).toMatch(reason);
    }
    expect(storage.snapshot()).toBe(before);
  });

  it('reads a damaged stored value as off', () => {
    expect(researchFromStorage({ enabled: true, consentedAt: null, studyName: null, studyKeyId: 'k_0000000000000000' }).enabled).toBe(false);
    expect(researchFromStorage({ enabled: true, consentedAt: NOW, studyName: 3, studyKeyId: 'nope' })).toEqual({ enabled: false, consentedAt: NOW, studyName: null, studyKeyId: null });
    expect(researchFromStorage('on').enabled).toBe(false);
  });

  it('researchDelete deletes every logged row and says how many', async () => {
    const { set, del, db, stored } = setup();
    await set({ enabled: true, consent: true });
    await db.roomGifts.bulkPut([row(1), row(2), row(3)]);
    expect(await del()).toEqual({ deleted: 3 });
    expect(await db.roomGifts.count()).toBe(0);
    expect((await stored()).enabled).toBe(true);
    expect(await del()).toEqual({ deleted: 0 });
  });

  it('an administrator\'s study wins: its key and name are used, another is refused, and its "off" keeps research mode off', async () => {
    const managed = setup({}, { enabled: true, studyKey: HEX_KEY, studyName: 'Managed study' });
    const state = await managed.set({ enabled: true, consent: true });
    expect(state.settings.studyName).toBe('Managed study');
    expect(state.key).toMatchObject({ kind: 'study', from: 'hex' });
    expect(state.settings.studyKeyId).toBe((await setup().set({ enabled: true, consent: true, studyKey: HEX_KEY })).settings.studyKeyId);
    await expect(managed.set({ enabled: true, studyKey: 'another passphrase here' })).rejects.toThrow(/study key is set by your administrator/);
    await expect(managed.set({ enabled: true, studyName: 'Mine' })).rejects.toThrow(/study name is set by your administrator/);
    await expect(managed.set({ enabled: true, studyKey: null })).rejects.toThrow(/set by your administrator/);
    // It never consents for the participant.
    await expect(setup({}, { enabled: true, studyKey: HEX_KEY, studyName: null }).set({ enabled: true })).rejects.toThrow(/consent/);
    const off = setup({}, { enabled: false, studyKey: null, studyName: null });
    await expect(off.set({ enabled: true, consent: true })).rejects.toThrow(/switched off by your administrator/);
    expect((await off.set({ enabled: false, consent: true })).settings.enabled).toBe(false);
  });
});
