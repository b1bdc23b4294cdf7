import { describe, expect, it } from 'vitest';
import type { GiftEvent } from '../webcast/types';
import { importResearchKey, PSEUDONYM_LENGTH, PSEUDONYM_PATTERN, pseudonymiseGift, ResearchKeyError, senderPseudonymiser } from './pseudonym';

const SENDER = '6912345678901234567';
const event: GiftEvent = {
  msgId: '7301054133304412934', roomId: '7300000000000000001', at: 1_699_909_161_704, giftId: 5655, repeatCount: 2,
  repeatEnd: true, groupId: '1699909158189', groupCount: 1, senderId: SENDER, senderHandle: 'someone_clear',
  toUserId: '6800000000000000042', unitCoins: 1, priceFrom: 'catalogue',
};

describe('importResearchKey', () => {
  it('refuses a key shorter than 16 or longer than 64 bytes', async () => {
    await expect(importResearchKey(new Uint8Array(15))).rejects.toThrow(ResearchKeyError);
    await expect(importResearchKey(new Uint8Array(65))).rejects.toThrow(ResearchKeyError);
    await expect(importResearchKey(new Uint8Array(16))).resolves.toBeTruthy();
  });
});

describe('sender pseudonyms', () => {
  it('are fixed-length hex, stable under one key, different under another', async () => {
    const key = await importResearchKey(new Uint8Array(32).fill(1));
    const p = senderPseudonymiser(key, 'install');
    const first = await p(SENDER);
    expect(first).toMatch(PSEUDONYM_PATTERN);
    expect(first).toHaveLength(PSEUDONYM_LENGTH);
    expect(await p(SENDER)).toBe(first);
    expect(await senderPseudonymiser(await importResearchKey(new Uint8Array(32).fill(1)), 'install')(SENDER)).toBe(first);
    expect(await senderPseudonymiser(await importResearchKey(new Uint8Array(32).fill(2)), 'install')(SENDER)).not.toBe(first);
    expect(await p('6912345678901234568')).not.toBe(first);
  });

  it('agree between two participants of one study (the same key bytes on two devices)', async () => {
    const studyBytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const a = senderPseudonymiser(await importResearchKey(studyBytes), 'study');
    const b = senderPseudonymiser(await importResearchKey(Uint8Array.from(studyBytes)), 'study');
    expect(await a(SENDER)).toBe(await b(SENDER));
  });

  it('pseudonymiseGift drops every clear identifier of people and marks the participant\'s own gift', async () => {
    const p = senderPseudonymiser(await importResearchKey(new Uint8Array(32).fill(3)), 'install');
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
