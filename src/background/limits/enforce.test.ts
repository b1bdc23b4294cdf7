import { describe, expect, it } from 'vitest';
import {
  ALLOWANCE_MS, ALLOW_ALARM_PREFIX, BLOCK_RULE_IDS, RESET_ALARM, allowOneSend, applyGuardRules, blockRules, endAllowance,
  guardFromStorage, liftExpiredAllowances,
} from './enforce';
import { WEEK_END, fakeEnforceApi, guardRule, guardState } from './enforce.fixtures';

const NOW = WEEK_END - 3_600_000; // an hour before the weekly window ends
const ALL_IDS = Object.values(BLOCK_RULE_IDS).sort();

/** What a URL gets from the rules, as the browser decides it: the highest priority wins, allow beats block at a tie. */
function verdict(rules: { priority: number; action: { type: string }; condition: { urlFilter: string; resourceTypes: string[]; tabIds?: number[] } }[], url: string, type: string, tabId = 1): string {
  const matching = rules.filter((rule) => rule.condition.resourceTypes.includes(type) && matches(rule.condition.urlFilter, url)
    && (!rule.condition.tabIds || rule.condition.tabIds.includes(tabId)));
  matching.sort((a, b) => b.priority - a.priority || (a.action.type === 'allow' ? -1 : 1));
  return matching[0]?.action.type ?? 'none';
}

/** urlFilter semantics for the patterns used here: `||` domain anchor, `^` a separator or the end. */
function matches(filter: string, url: string): boolean {
  const body = filter.replace(/^\|\|/, '').replace(/[.*+?()[\]{}\\/]/g, (c) => `\\${c}`).replace(/\^$/, '(?:[^A-Za-z0-9_.%-]|$)');
  return new RegExp(`^https?://([a-z0-9-]+\\.)*${body}`).test(url);
}

describe('the block of everything (declarativeNetRequest)', () => {
  it('blocks gift sends, recharge orders and /coin when an all-scope block rule has nothing left, and lifts at its reset', async () => {
    const fake = fakeEnforceApi();
    const state = guardState([guardRule({ left: 0 })]);
    expect(await applyGuardRules(state, fake.api, NOW, 1_000)).toEqual({ blocked: true, until: WEEK_END });
    expect([...fake.dynamic.keys()].sort()).toEqual(ALL_IDS);
    // The alarm runs on the browser's clock: as far from it as the reset is from the worker's clock.
    expect(fake.alarms.get(RESET_ALARM)).toBe(1_000 + 3_600_000);

    const rules = [...fake.dynamic.values()];
    const send = 'https://webcast.tiktok.com/webcast/gift/send/?aid=1988&room_id=7300000000000000001';
    expect(verdict(rules, send, 'xmlhttprequest')).toBe('block');
    expect(verdict(rules, 'https://webcast.tiktok.com/webcast/gift/send?aid=1988', 'other')).toBe('block');
    expect(verdict(rules, 'https://webcast.tiktok.com/webcast/gift/list/?room_id=1', 'xmlhttprequest')).toBe('none');
    expect(verdict(rules, 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988', 'xmlhttprequest')).toBe('allow');
    expect(verdict(rules, 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/create_order?aid=1988', 'xmlhttprequest')).toBe('block');
    expect(verdict(rules, 'https://www.tiktok.com/coin', 'main_frame')).toBe('redirect');
    expect(verdict(rules, 'https://www.tiktok.com/coin?enter_from=live', 'main_frame')).toBe('redirect');
    expect(verdict(rules, 'https://www.tiktok.com/coin/end-result?payment_status=succeed&order_id=1', 'main_frame')).toBe('allow');
    expect(verdict(rules, 'https://www.tiktok.com/coins-of-the-world', 'main_frame')).toBe('none');
    expect(verdict(rules, 'https://www.tiktok.com/@creator/live', 'main_frame')).toBe('none');
    expect(fake.dynamic.get(BLOCK_RULE_IDS.coinPage)?.action.redirect).toEqual({ extensionPath: '/src/blocked/index.html' });

    // Past the reset the same stored state blocks nothing: the rules and the alarm go.
    expect(await applyGuardRules(state, fake.api, WEEK_END, 2_000)).toEqual({ blocked: false, until: null });
    expect(fake.dynamic.size).toBe(0);
    expect(fake.alarms.has(RESET_ALARM)).toBe(false);
  });

  it('is idempotent: asserting the same state again changes nothing, whatever defaults the browser added', async () => {
    const fake = fakeEnforceApi();
    const state = guardState([guardRule()]);
    await applyGuardRules(state, fake.api, NOW);
    await applyGuardRules(state, fake.api, NOW);
    await applyGuardRules(state, fake.api, NOW + 1);
    expect(fake.calls.updateDynamic).toBe(1);
    expect(fake.dynamic.size).toBe(ALL_IDS.length);
  });

  it('blocks nothing for rules left > 0, confirm rules, and per-creator or per-LIVE blocks (the tap enforces those)', async () => {
    const fake = fakeEnforceApi();
    const state = guardState([
      guardRule({ left: 1 }),
      guardRule({ id: 'confirm', action: 'confirm', left: -5 }),
      guardRule({ id: 'creator', scope: 'creator', creators: ['@someone'], left: 0 }),
      guardRule({ id: 'live', scope: 'live', rooms: { 1: 0 }, left: 0 }),
    ]);
    expect(await applyGuardRules(state, fake.api, NOW)).toEqual({ blocked: false, until: null });
    expect(fake.dynamic.size).toBe(0);
    expect(fake.calls.updateDynamic).toBe(0);
  });

  it('lifts stale rules left by an earlier instance, replaces changed ones, and leaves other dynamic rules alone', async () => {
    const fake = fakeEnforceApi();
    const foreign = { id: 42, priority: 1, action: { type: 'block' as const }, condition: { urlFilter: '||example.com', resourceTypes: ['script'] } };
    fake.dynamic.set(42, foreign);
    const stale = blockRules().map((rule) => (rule.id === BLOCK_RULE_IDS.coinPage ? { ...rule, action: { type: 'redirect' as const, redirect: { extensionPath: '/old.html' } } } : rule));
    for (const rule of stale) fake.dynamic.set(rule.id, rule);
    await applyGuardRules(guardState([guardRule()]), fake.api, NOW);
    expect(fake.dynamic.get(BLOCK_RULE_IDS.coinPage)?.action.redirect?.extensionPath).toBe('/src/blocked/index.html');
    await applyGuardRules(guardState([]), fake.api, NOW);
    expect([...fake.dynamic.keys()]).toEqual([42]);
  });

  it('takes the earliest reset of several blocking rules for its alarm', async () => {
    const fake = fakeEnforceApi();
    const state = guardState([guardRule({ id: 'month', resetsAt: WEEK_END + 9e8 }), guardRule({ id: 'day', resetsAt: NOW + 60_000 })]);
    expect(await applyGuardRules(state, fake.api, NOW, 0)).toEqual({ blocked: true, until: NOW + 60_000 });
    expect(fake.alarms.get(RESET_ALARM)).toBe(60_000);
  });

  it('reads a damaged stored state as no guard, and drops damaged rules of a good one', () => {
    expect(guardFromStorage(undefined).rules).toEqual([]);
    expect(guardFromStorage({ v: 2, rules: [guardRule()] }).rules).toEqual([]);
    expect(guardFromStorage({ v: 1, rules: 'x' }).rules).toEqual([]);
    const good = guardRule();
    expect(guardFromStorage({ v: 1, madeAt: 5, spentThrough: 4, rules: [good, { id: 1 }, null, { ...good, left: '0' }] })).toEqual({ v: 1, madeAt: 5, spentThrough: 4, rules: [good] });
  });
});

describe('one send allowed through the block (an override)', () => {
  it('lets that tab, and only that tab, send for a minute, then its alarm lifts the allowance', async () => {
    const fake = fakeEnforceApi();
    await applyGuardRules(guardState([guardRule()]), fake.api, NOW);
    const id = await allowOneSend(7, fake.api, 5_000);
    const rules = () => [...fake.dynamic.values(), ...fake.session.values()];
    const send = 'https://webcast.tiktok.com/webcast/gift/send/?aid=1988';
    expect(verdict(rules(), send, 'xmlhttprequest', 7)).toBe('allow');
    expect(verdict(rules(), send, 'xmlhttprequest', 8)).toBe('block');
    expect(verdict(rules(), 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/order', 'xmlhttprequest', 7)).toBe('block');
    expect(fake.alarms.get(`${ALLOW_ALARM_PREFIX}${id}`)).toBe(5_000 + ALLOWANCE_MS);
    await endAllowance(`${ALLOW_ALARM_PREFIX}${id}`, fake.api);
    expect(verdict(rules(), send, 'xmlhttprequest', 7)).toBe('block');
    expect(fake.alarms.size).toBe(1); // only the reset alarm
  });

  it('gives a second override in the same tab the same rule with a new minute, and other tabs rules of their own', async () => {
    const fake = fakeEnforceApi();
    const first = await allowOneSend(7, fake.api, 0);
    const again = await allowOneSend(7, fake.api, 30_000);
    const other = await allowOneSend(9, fake.api, 30_000);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(fake.session.size).toBe(2);
    expect(fake.alarms.get(`${ALLOW_ALARM_PREFIX}${first}`)).toBe(30_000 + ALLOWANCE_MS);
  });

  it('at start-up, lifts allowances whose time is up or whose alarm was lost, and keeps the running one', async () => {
    const fake = fakeEnforceApi();
    const expired = await allowOneSend(1, fake.api, 0);
    const orphan = await allowOneSend(2, fake.api, 50_000);
    const running = await allowOneSend(3, fake.api, 50_000);
    fake.alarms.delete(`${ALLOW_ALARM_PREFIX}${orphan}`);
    expect((await liftExpiredAllowances(fake.api, ALLOWANCE_MS + 1)).sort()).toEqual([expired, orphan].sort());
    expect([...fake.session.keys()]).toEqual([running]);
    expect(fake.alarms.has(`${ALLOW_ALARM_PREFIX}${expired}`)).toBe(false);
  });

  it('ignores an alarm name that is not one of its allowances', async () => {
    const fake = fakeEnforceApi();
    await allowOneSend(1, fake.api, 0);
    await endAllowance(`${ALLOW_ALARM_PREFIX}901`, fake.api);
    await endAllowance(`${ALLOW_ALARM_PREFIX}x`, fake.api);
    expect(fake.session.size).toBe(1);
  });
});
