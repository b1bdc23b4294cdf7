/**
 * The limits' brain in the real extension (issue 9): the settings door refuses and saves through the worker, the guard
 * state in storage.local follows each recorded send (coins left, what was counted), the `limits-edge` alarm is set at
 * the window's end, and a stopped worker changes nothing of it. (The tap, the dialog, DNR and the badge have e2e tests
 * of their own.)
 */
import { describe, expect, it } from 'vitest';
import type { GuardState } from '../../src/core/guard-state';
import type { LimitRule } from '../../src/core/limits';
import { openExtensionPage, readStorageLocal, stopServiceWorkers, waitFor, withChromium } from './harness';
import { ROSE, openLive, sendGift } from './live-page';

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

describe('limits: the door and the guard state', () => {
  const suite = withChromium({ initialCoins: 1_000 });

  it('refuses what may not be saved, then keeps the guard state in step with each send, across a stopped worker', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const send = (type: string, payload: unknown) => options.evaluate(
      ([t, p]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }).chrome.runtime.sendMessage({ type: t, payload: p }),
      [type, payload] as const,
    );
    const weekly: LimitRule = {
      id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 100 },
      action: 'block', carryOver: 'reset', overridesPerPeriod: 1, confirmDelaySeconds: 0, createdAt: 0,
    };
    const unknownCreator = { ...weekly, id: '00000000-0000-4000-8000-000000000002', scope: { kind: 'creator', creator: '@nobody' } };
    const refused = await send('limits/save', { rule: unknownCreator });
    expect(refused).toMatchObject({ ok: false });
    expect((refused as { error: string }).error).toContain('limitCreatorUnknown');

    const saved = await send('limits/save', { rule: weekly });
    expect(saved).toMatchObject({ ok: true, value: { rules: [{ id: weekly.id }], statuses: [{ ruleId: weekly.id, used: 0, left: 100 }] } });
    const guard = async () => (await readStorageLocal(options)).guardState as GuardState | undefined;
    const first = await waitFor('a guard state', guard);
    expect(first.rules).toEqual([expect.objectContaining({ id: weekly.id, action: 'block', scope: 'all', left: 100, overridesLeft: 1 })]);
    const alarm = await options.evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ scheduledTime: number } | undefined> } } }).chrome.alarms.get('limits-edge'));
    // Armed on the browser's clock as far ahead as the window's end (guard.ts): the same instant, give or take the ms
    // between the worker reading its clock and arming the alarm.
    expect(Math.abs(alarm!.scheduledTime - first.rules[0]!.resetsAt)).toBeLessThan(5_000);

    const live = await suite.session.context.newPage();
    await openLive(live);
    for (let i = 0; i < 3; i++) expect(await sendGift(live, ROSE)).toBe('ok');
    const after = await waitFor('the guard state counts the three roses', async () => {
      const state = await guard();
      return state?.rules[0]?.left === 97 ? state : null;
    });
    expect(after.spentThrough).toBeGreaterThan(0);

    // A stopped worker leaves the state where relays read it; the next one computes the same.
    await stopServiceWorkers(options);
    expect((await guard())?.rules[0]?.left).toBe(97);
    const view = await send('limits/view', { roomId: null });
    expect(view).toMatchObject({ ok: true, value: { statuses: [{ ruleId: weekly.id, used: 3, left: 97, percent: 3 }], overridesUsed: { [weekly.id]: 0 } } });
    expect((await guard())?.rules).toEqual(after.rules);

    expect(await send('limits/delete', { id: weekly.id })).toMatchObject({ ok: true, value: { rules: [] } });
    // No confirm or block rule left: no state stored at all (a missing state holds nothing).
    await waitFor('the guard state gone', async () => ((await guard()) === undefined ? true : null));
  });
});
