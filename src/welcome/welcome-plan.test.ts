import { describe, expect, it } from 'vitest';
import { applyWelcome, planWelcome, type WelcomeContext, type WelcomeStep, type WelcomeFields } from './welcome-plan';

const context: WelcomeContext = { locale: 'en-US', today: '2026-12-02', now: Date.UTC(2026, 11, 2, 12), ruleId: 'welcome-1', lockOffered: true };
const skipped: WelcomeFields = { currency: 'IDR', weekStart: 1, limitCoins: '', limitAction: 'warn', pin: '', pinAgain: '' };

describe('the welcome page\'s Finish', () => {
  it('with nothing optional filled in, saves the currency and week start only', () => {
    expect(planWelcome(skipped, context)).toEqual({ ok: true, steps: [{ kind: 'settings', patch: { displayCurrency: 'IDR', weekStart: 1 } }] });
  });

  it('adds a weekly limit on every creator, in coins, with the chosen action and a stable id', () => {
    const plan = planWelcome({ ...skipped, limitCoins: '1,000', limitAction: 'confirm' }, context);
    expect(plan.ok && plan.steps[1]).toEqual({
      kind: 'limit',
      rule: {
        id: 'welcome-1', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 }, action: 'confirm',
        carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: context.now,
      },
    });
  });

  it('a cap of 0 is a real limit ("nothing at all")', () => {
    const plan = planWelcome({ ...skipped, limitCoins: '0', limitAction: 'block' }, context);
    expect(plan.ok && plan.steps[1]?.kind === 'limit' && plan.steps[1].rule.cap).toEqual({ kind: 'coins', coins: 0 });
  });

  it('sets the lock last, after the limit it protects', () => {
    const plan = planWelcome({ ...skipped, limitCoins: '500', pin: '482193', pinAgain: '482193' }, context);
    expect(plan.ok && plan.steps.map((step) => step.kind)).toEqual(['settings', 'limit', 'lock']);
    expect(plan.ok && plan.steps[2]).toEqual({ kind: 'lock', pin: '482193' });
  });

  it('refuses every field at once, each with the words the options page uses', () => {
    expect(planWelcome({ ...skipped, limitCoins: '12.5', pin: '12' }, context)).toEqual({
      ok: false,
      errors: { limitCoins: { key: 'limitCapRefused_not_whole', args: [] }, pin: { key: 'lockPinTooShort', args: ['6'] } },
    });
    expect(planWelcome({ ...skipped, limitCoins: '-3' }, context)).toMatchObject({ ok: false, errors: { limitCoins: { key: 'limitCapRefused_negative' } } });
    expect(planWelcome({ ...skipped, pin: '482193', pinAgain: '482139' }, context)).toEqual({ ok: false, errors: { pinAgain: { key: 'lockPinMismatch', args: [] } } });
    // Only the second PIN typed: the first is missing, which is what the person has to fix.
    expect(planWelcome({ ...skipped, pinAgain: '482193' }, context)).toMatchObject({ ok: false, errors: { pin: { key: 'lockPinTooShort' } } });
  });

  it('asks for no PIN when a lock is already set (the page opened again from the options)', () => {
    expect(planWelcome({ ...skipped, pin: '482193', pinAgain: '482193' }, { ...context, lockOffered: false }))
      .toEqual({ ok: true, steps: [{ kind: 'settings', patch: { displayCurrency: 'IDR', weekStart: 1 } }] });
  });
});

describe('Finish tried again after a refusal', () => {
  it('sends only what the worker has not taken yet: never a second limit', async () => {
    const plan = planWelcome({ ...skipped, limitCoins: '500', pin: '482193', pinAgain: '482193' }, context);
    if (!plan.ok) throw new Error('the plan was refused');
    const sent: WelcomeStep['kind'][] = [];
    const saved = new Set<WelcomeStep['kind']>();
    let lockRefused = true;
    const apply = async (step: WelcomeStep) => {
      sent.push(step.kind);
      if (step.kind === 'lock' && lockRefused) throw new Error('the worker is busy');
    };
    await expect(applyWelcome(plan.steps, saved, apply)).rejects.toThrow('the worker is busy');
    expect(sent).toEqual(['settings', 'limit', 'lock']);
    expect([...saved]).toEqual(['settings', 'limit']);

    lockRefused = false;
    sent.length = 0;
    await applyWelcome(plan.steps, saved, apply);
    expect(sent).toEqual(['settings', 'lock']);
    expect([...saved]).toEqual(['settings', 'limit', 'lock']);
  });
});
