/**
 * Firefox ESR: a limit set by policies.json (`3rdparty.Extensions.<gecko id>`), read through storage.managed, is
 * applied (the worker's guard state holds it), shown as set by the administrator without Edit or Delete, and refused
 * at the worker when an extension page asks to change or delete it.
 */
import { describe, expect, it } from 'vitest';
import type { LimitsView } from '../../src/platform/protocol';
import { waitFor } from './harness';
import { openExtensionPage, withFirefox } from './firefox';
import { sendFromPage, waitForGuard } from './limits-harness';
import { withFirefoxPolicy } from './managed-harness';

const POLICY = { limits: [{ id: 'weekly', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 50 }, action: 'block' }] };

describe('Firefox: a weekly block set by policies.json', () => {
  const managed = withFirefoxPolicy(POLICY);
  const suite = withFirefox(null, 'file', { get dir() { return managed.dir; } });

  it('is applied, shown as set by the administrator, and cannot be edited or deleted', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html', '[data-testid="options-ready"]');
    await waitForGuard(options, 'the managed limit in the guard state', (state) => state.rules.some((rule) => rule.id === 'managed-weekly'));
    const row = await waitFor('the managed row', () => options.$('[data-testid="limit-row"][data-id="managed-weekly"]'));
    expect(await row.$eval('[data-testid="limit-row-managed"]', (el) => el.textContent)).toBe('Set by your administrator');
    expect(await row.$('[data-testid="limit-edit"]')).toBeNull();
    expect(await row.$('[data-testid="limit-delete"]')).toBeNull();

    const view = await sendFromPage(options, 'limits/view', { roomId: null });
    const rule = (view as { ok: true; value: LimitsView }).value.rules.find((held) => held.id === 'managed-weekly')!;
    expect(rule.cap).toEqual({ kind: 'coins', coins: 50 });
    expect(await sendFromPage(options, 'limits/save', { rule: { ...rule, cap: { kind: 'coins', coins: 100_000 } } })).toMatchObject({ ok: false, error: expect.stringMatching(/set by your administrator/) });
    expect(await sendFromPage(options, 'limits/delete', { id: 'managed-weekly' })).toMatchObject({ ok: false, error: expect.stringMatching(/set by your administrator/) });
  });
});
