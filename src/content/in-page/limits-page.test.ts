/** The pure parts of the limit dialog and strip; the DOM itself is tests/e2e/limits-confirm.e2e.ts's. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuardState } from '../../core/guard-state';
import type { LimitRule } from '../../core/limits';
import type { RelayPage } from '../features/feature';
import type { HeldSend } from '../tap-channel';
import { askHold, isHeldSend } from './hold';
import { leftText } from './limit-text';
import { pageRoomId, stripText } from './limits-strip';

const messages = JSON.parse((await import('node:fs')).readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
/** chrome.i18n.getMessage as the browser does it, from the real messages file. */
function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

const send: HeldSend = { giftId: 9110, count: 1, roomId: '7300000000000000001', toUserId: '7300000000000000101', coins: 29_999, pageUrl: 'https://www.tiktok.com/@x/live', ruleIds: ['r1'], at: 1 };

describe('a hold from the page', () => {
  it('is believed only with every field of the right type', () => {
    expect(isHeldSend(send)).toBe(true);
    expect(isHeldSend({ ...send, coins: null })).toBe(true);
    for (const bad of [null, 'hold', { ...send, giftId: '9110' }, { ...send, count: 0 }, { ...send, coins: -1 }, { ...send, ruleIds: 'r1' }, { ...send, ruleIds: [1] }, { ...send, roomId: 7 }, { ...send, toUserId: 'x'.repeat(65) }]) {
      expect(isHeldSend(bad)).toBe(false);
    }
  });

  it('a malformed hold is answered no at once, without a dialog (the limit holds)', () => {
    const verdicts: boolean[] = [];
    const state: GuardState = { v: 1, madeAt: 0, spentThrough: 0, rules: [] };
    askHold({ ...send, giftId: Number.NaN }, state, {} as RelayPage, (go) => verdicts.push(go));
    expect(verdicts).toEqual([false]);
  });
});

describe('the strip', () => {
  beforeEach(() => vi.stubGlobal('chrome', { i18n: { getMessage } }));
  afterEach(() => vi.unstubAllGlobals());

  const rule = (over: Partial<LimitRule>): LimitRule => ({
    id: 'r1', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1_000 }, action: 'warn', carryOver: 'reset',
    overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0, ...over,
  });
  const now = Date.UTC(2026, 11, 2, 10); // a Wednesday
  const monday = Date.UTC(2026, 11, 7);
  const status = { ruleId: 'r1', start: monday - 7 * 86_400_000, end: monday, cap: 1_000, used: 300, left: 700, percent: 30, resetsAt: monday, estimated: false };

  it('says what was spent this period, what is left and when it resets', () => {
    const text = stripText({ rules: [rule({})], statuses: [status] }, now);
    expect(text).toMatch(/^Coinsight · This week: spent 300 coins · 700 coins left · resets Mon.* 00:00$/);
  });

  it('shows money caps in their currency', () => {
    const text = stripText({ rules: [rule({ cap: { kind: 'money', money: { minor: 2_000, currency: 'USD' } }, period: { kind: 'month' } })], statuses: [{ ...status, used: 550, left: 1_450 }] }, now);
    expect(text).toContain('This month: spent $5.50 · $14.50 left');
  });

  it('says "1 coin", not "1 coins", and "1 coin is left"', () => {
    expect(stripText({ rules: [rule({})], statuses: [{ ...status, used: 1, left: 999 }] }, now)).toContain('spent 1 coin · 999 coins left');
    expect(leftText({ cap: { kind: 'coins', coins: 10 }, period: 'day' }, 1)).toBe('1 coin is left today.');
    expect(leftText({ cap: { kind: 'coins', coins: 10 }, period: 'week' }, 1_200)).toBe('1,200 coins are left this week.');
    expect(leftText({ cap: { kind: 'coins', coins: 10 }, period: 'day' }, -3)).toBe('0 coins are left today.');
  });

  it('shows nothing when no rule covers the page', () => {
    expect(stripText({ rules: [], statuses: [] }, now)).toBeNull();
  });
});

describe('the LIVE room the strip asks about (for `live` rules)', () => {
  const live = 'https://www.tiktok.com/@sunset.cooking/live';
  const sigi = (uniqueId: string, roomId: string) => JSON.stringify({ LiveRoom: { liveRoomUserInfo: { user: { id: '7300000000000000101', uniqueId, roomId } } } });

  it('is the room of the embedded state on the LIVE page the document was loaded at', () => {
    expect(pageRoomId(live, live, sigi('sunset.cooking', '7300000000000000001'))).toBe('7300000000000000001');
    expect(pageRoomId(`${live}#chat`, live, sigi('sunset.cooking', '7300000000000000001'))).toBe('7300000000000000001');
  });

  it('is unknown after a client-side move to another LIVE, whose room the embedded state does not describe', () => {
    expect(pageRoomId('https://www.tiktok.com/@other/live', live, sigi('sunset.cooking', '7300000000000000001'))).toBeNull();
    expect(pageRoomId(live, 'https://www.tiktok.com/@other/live', sigi('sunset.cooking', '7300000000000000001'))).toBeNull();
  });

  it('is unknown off a LIVE page, without the embedded state, or when it names another creator', () => {
    expect(pageRoomId('https://www.tiktok.com/coin', 'https://www.tiktok.com/coin', sigi('sunset.cooking', '1'))).toBeNull();
    expect(pageRoomId(live, live, null)).toBeNull();
    expect(pageRoomId(live, live, '{not json')).toBeNull();
    expect(pageRoomId(live, live, sigi('other', '1'))).toBeNull();
  });
});
