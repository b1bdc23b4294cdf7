import { describe, expect, it } from 'vitest';
import { StudyKeyError } from '../export/pseudonyms';
import type { GiftEvent } from '../webcast/types';
import {
  importInstallKey, InstallKeyError, keyFromHex, keyToHex, newInstallKey, PSEUDONYM_LENGTH, PSEUDONYM_PATTERN,
  pseudonymiseGift, senderPseudonymiser, studyKey,
} from './pseudonym';

const SENDER = '6912345678901234567';
const event: GiftEvent = {
  msgId: '7301054133304412934', roomId: '7300000000000000001', at: 1_699_909_161_704, giftId: 5655, repeatCount: 2,
  repeatEnd: true, groupId: '1699909158189', groupCount: 1, senderId: SENDER, senderHandle: 'someone_clear',
  toUserId: '6800000000000000042', unitCoins: 1, priceFrom: 'catalogue',
};

describe('install keys', () => {
  it('are 32 random bytes, stored as 64 hex characters and read back exactly', async () => {
    const a = await newInstallKey();
    const b = await newInstallKey();
    expect(a).toHaveLength(32);
    expect(keyToHex(a)).not.toBe(keyToHex(b));
    expect(keyFromHex(keyToHex(a))).toEqual(a);
  });

  it('refuses a stored key of the wrong length or with non-hex characters', async () => {
    expect(() => keyFromHex('abcd')).toThrow(InstallKeyError);
    expect(() => keyFromHex('z'.repeat(64))).toThrow(InstallKeyError);
    await expect(importInstallKey(new Uint8Array(16))).rejects.toThrow(InstallKeyError);
  });
});

describe('sender pseudonyms', () => {
  it('are fixed-length hex, stable under one key, different under another', async () => {
    const key = await importInstallKey(new Uint8Array(32).fill(1));
    const p = senderPseudonymiser(key, 'install');
    const first = await p(SENDER);
    expect(first).toMatch(PSEUDONYM_PATTERN);
    expect(first).toHaveLength(PSEUDONYM_LENGTH);
    expect(await p(SENDER)).toBe(first);
    expect(await senderPseudonymiser(await importInstallKey(new Uint8Array(32).fill(1)), 'install')(SENDER)).toBe(first);
    expect(await senderPseudonymiser(await importInstallKey(new Uint8Array(32).fill(2)), 'install')(SENDER)).not.toBe(first);
    expect(await p('6912345678901234568')).not.toBe(first);
  });

  it('agree between two participants of one study (same passphrase), and a short passphrase is refused', async () => {
    const a = senderPseudonymiser(await studyKey('gifting-study-2026'), 'study');
    const b = senderPseudonymiser(await studyKey('  gifting-study-2026 '), 'study');
    expect(await a(SENDER)).toBe(await b(SENDER));
    await expect(studyKey('short')).rejects.toThrow(StudyKeyError);
  }, 30_000);

  it('pseudonymiseGift drops every clear identifier of people and marks the participant\'s own gift', async () => {
    const p = senderPseudonymiser(await importInstallKey(new Uint8Array(32).fill(3)), 'install');
    const captured = await pseudonymiseGift(event, p, SENDER);
    const text = JSON.stringify(captured);
    expect(text).not.toContain(SENDER);
    expect(text).not.toContain('someone_clear');
    expect(text).not.toContain('6800000000000000042');
    expect(captured).toMatchObject({ own: true, sender: await p(SENDER), repeatCount: 2, groupId: '1699909158189' });
    expect((await pseudonymiseGift(event, p, '1')).own).toBe(false);
    expect((await pseudonymiseGift(event, p)).own).toBe(false);
  });
});
