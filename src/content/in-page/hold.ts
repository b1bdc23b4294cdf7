/**
 * The dialog for a gift send the tap holds (tap/gate.ts): what the gift costs in coins and money, what is left of the
 * budget, and Cancel / Confirm; for a block, the reason and, where the rule still allows one, a one-time override that
 * needs a typed reason (the worker keeps the count and the log: `overrideLimit`). One dialog at a time; later holds
 * wait their turn. Shown in a shadow root so TikTok's styles do not reach it. Confirm answers only a real click or key
 * press (a page script's synthetic click is not the user).
 */
import { ruleLeft } from '../../core/guard-decision';
import type { GuardRule, GuardState } from '../../core/guard-state';
import { estimateText } from '../../core/in-page';
import { isManagedRuleId } from '../../core/managed/ids';
import { contentApi } from '../../platform/extension-api';
import { envelope, type Reply } from '../../platform/protocol';
import type { RelayPage } from '../features/feature';
import type { HeldSend } from '../tap-channel';
import { askPrices } from './ask';
import { coinsText, leftText, resetText, t } from './limit-text';
import { startWait, type Wait } from './wait';

export const DIALOG_TAG = 'coinsight-limit-dialog';

interface Ask { send: HeldSend; state: GuardState; page: RelayPage; verdict: (go: boolean) => void }
const queue: Ask[] = [];
let showing = false;

const isId = (value: unknown): value is string | null => value === null || (typeof value === 'string' && value.length <= 64);
/** The hold came through the page's world: its fields are checked before anything is shown from them. */
export function isHeldSend(value: unknown): value is HeldSend {
  const send = value as HeldSend | null;
  return typeof send === 'object' && send !== null && Number.isSafeInteger(send.giftId) && Number.isSafeInteger(send.count) && send.count >= 1
    && (send.coins === null || (Number.isSafeInteger(send.coins) && send.coins >= 0)) && isId(send.roomId) && isId(send.toUserId)
    && Array.isArray(send.ruleIds) && send.ruleIds.length <= 100 && send.ruleIds.every((id) => typeof id === 'string');
}

export function askHold(send: HeldSend, state: GuardState, page: RelayPage, verdict: (go: boolean) => void): void {
  if (!isHeldSend(send)) return verdict(false);
  queue.push({ send, state, page, verdict });
  if (!showing) next();
}

function next(): void {
  const ask = queue.shift();
  showing = !!ask;
  if (!ask) return;
  try {
    show(ask);
  } catch (error) {
    console.warn('Coinsight: the limit dialog failed', error);
    ask.verdict(false);
    next();
  }
}

// Colours as light-dark(light, dark): the dialog draws its own background and follows the user's light or dark scheme
// (the host declares color-scheme: light dark, so its light-dark() colours resolve to the scheme the user prefers).
const BUTTON = 'font:600 14px system-ui,sans-serif;padding:8px 14px;border-radius:6px;border:1px solid light-dark(#999,#666);background:light-dark(#f3f3f5,#2c2d33);color:inherit;cursor:pointer;margin-left:8px';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, testId: string, text = '', style = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (testId) node.setAttribute('data-testid', testId);
  if (style) node.setAttribute('style', style);
  node.textContent = text;
  return node;
}

function show({ send, state, page, verdict }: Ask): void {
  const rules = state.rules.filter((rule) => send.ruleIds.includes(rule.id));
  const blocking = rules.filter((rule) => rule.action === 'block');
  if (blocking.length) noteBlocked(send, blocking);
  const tightest = rules.reduce<GuardRule | null>((best, rule) => (!best || ruleLeft(rule, send.roomId) < ruleLeft(best, send.roomId) ? rule : best), null);
  const gift = page.context.catalogue.get(send.giftId);
  const giftName = gift ? (send.count > 1 ? `${gift.name} × ${send.count}` : gift.name) : t('limitGiftUnknown');

  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const host = document.createElement(DIALOG_TAG);
  host.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;display:block;color-scheme:light dark');
  const root = host.attachShadow({ mode: 'open' });
  const box = element('div', 'limit-dialog', '', 'position:relative;max-width:420px;margin:15vh auto;background:light-dark(#fff,#1f2024);color:light-dark(#111,#f1f1f3);border-radius:10px;padding:20px;font:14px/1.45 system-ui,sans-serif;box-shadow:0 8px 30px rgba(0,0,0,.35)');
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-modal', 'true');
  box.setAttribute('aria-labelledby', 'title');
  const backdrop = element('div', '', '', 'position:absolute;inset:0;background:rgba(0,0,0,.45)');
  const title = element('h2', 'limit-dialog-title', t(blocking.length ? 'limitBlockTitle' : 'limitConfirmTitle'), 'font-size:17px;margin:0 0 10px');
  title.id = 'title';
  const costLine = (money: string | null): string => send.coins === null
    ? t('limitCostUnknown', giftName)
    : money ? t('limitCostMoney', [giftName, coinsText(send.coins), money]) : t('limitCost', [giftName, coinsText(send.coins)]);
  const cost = element('p', 'limit-dialog-cost', costLine(null), 'margin:0 0 6px');
  const left = element('p', 'limit-dialog-left', tightest ? leftText(tightest, ruleLeft(tightest, send.roomId)) : '', 'margin:0 0 12px');
  box.append(title, cost, left);

  const buttons = element('div', '', '', 'display:flex;justify-content:flex-end;flex-wrap:wrap;margin-top:12px');
  const cancel = element('button', 'limit-dialog-cancel', t('limitCancel'), BUTTON);
  buttons.append(cancel);

  let wait: Wait | null = null;
  let closed = false;
  const close = (go: boolean): void => {
    if (closed) return;
    closed = true;
    wait?.stop();
    removeEventListener('blur', lostFocus);
    document.removeEventListener('visibilitychange', hidden);
    host.remove();
    returnFocus?.focus();
    verdict(go);
    next();
  };
  const lostFocus = (): void => wait?.restart();
  const hidden = (): void => (document.visibilityState === 'hidden' ? lostFocus() : undefined);
  const trusted = (handler: () => void) => (event: Event) => event.isTrusted && handler();

  if (blocking.length) {
    const resets = Math.min(...blocking.map((rule) => rule.resetsAt));
    // An administrator's limit (managed policy) is not one "you set": say whose it is.
    const reason = blocking.some((rule) => isManagedRuleId(rule.id)) ? 'parentBlockReasonManaged' : 'limitBlockReason';
    box.append(element('p', 'limit-dialog-reason', t(reason, resetText(resets)), 'margin:0 0 8px'));
    if (blocking.every((rule) => rule.overridesLeft > 0)) box.append(overrideForm(send, page, blocking, () => close(true)));
  } else {
    const confirm = element('button', 'limit-dialog-confirm', t('limitConfirm'), `${BUTTON};background:#0b6e4f;color:#fff;border-color:#0b6e4f`);
    const delay = Math.max(0, ...rules.map((rule) => rule.confirmDelaySeconds));
    wait = startWait(delay, (seconds) => {
      confirm.disabled = seconds > 0;
      confirm.textContent = seconds > 0 ? t('limitConfirmIn', String(seconds)) : t('limitConfirm');
    });
    addEventListener('blur', lostFocus); // the window's own blur: element blurs do not bubble here
    document.addEventListener('visibilitychange', hidden);
    confirm.addEventListener('click', trusted(() => !confirm.disabled && close(true)));
    buttons.append(confirm);
  }
  box.append(buttons);
  cancel.addEventListener('click', trusted(() => close(false)));
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(false);
    } else if (event.key === 'Tab') trapFocus(root, event);
    event.stopPropagation(); // TikTok's own shortcuts must not act on keys typed here
  });
  root.append(backdrop, box);
  document.documentElement.append(host);
  cancel.focus();

  if (gift?.imageHash && send.coins !== null) {
    askPrices(page.context.account(), [gift.imageHash]).then((prices) => {
      const estimate = prices.gifts.find((g) => g.giftId === send.giftId || g.hash === gift.imageHash)?.estimate;
      if (estimate && !closed) cost.textContent = costLine(estimateText({ minor: estimate.minor * send.count, currency: estimate.currency }));
    }, () => undefined);
  }
}

/** Tab and Shift+Tab go round the dialog's own controls. */
function trapFocus(root: ShadowRoot, event: KeyboardEvent): void {
  const controls = [...root.querySelectorAll<HTMLElement>('button:not([disabled]),input,textarea')].filter((node) => node.offsetParent !== null || node === root.activeElement);
  if (!controls.length) return;
  const index = controls.indexOf(root.activeElement as HTMLElement);
  const nextIndex = event.shiftKey ? (index <= 0 ? controls.length - 1 : index - 1) : (index + 1) % controls.length;
  event.preventDefault();
  controls[nextIndex]!.focus();
}

function overrideForm(send: HeldSend, page: RelayPage, rules: GuardRule[], lifted: () => void): HTMLElement {
  const form = element('div', '', '', 'margin:8px 0 0');
  const open = element('button', 'limit-dialog-override', t('limitOverride', String(Math.min(...rules.map((rule) => rule.overridesLeft)))), BUTTON.replace('margin-left:8px', ''));
  const reason = element('textarea', 'limit-override-reason', '', 'display:block;width:100%;box-sizing:border-box;margin:8px 0;font:14px system-ui,sans-serif');
  reason.setAttribute('aria-label', t('limitOverrideReason'));
  reason.placeholder = t('limitOverrideReason');
  const submit = element('button', 'limit-override-submit', t('limitOverrideSubmit'), BUTTON.replace('margin-left:8px', ''));
  const error = element('p', 'limit-override-error', '', 'color:light-dark(#b00020,#ff8a80);margin:6px 0 0');
  error.setAttribute('role', 'alert');
  const details = element('div', '', '', 'display:none');
  details.append(reason, submit, error);
  open.addEventListener('click', () => {
    details.style.display = 'block';
    open.remove();
    reason.focus();
  });
  submit.addEventListener('click', async (event) => {
    if (!event.isTrusted) return;
    const text = reason.value.trim();
    if (!text) {
      error.textContent = t('limitOverrideNeedsReason');
      return;
    }
    submit.disabled = true;
    const creator = send.toUserId ?? (page.context.creatorHandle() ? `@${page.context.creatorHandle()}` : null);
    for (const rule of rules) {
      const refusal = await override({ ruleId: rule.id, reason: text, coins: send.coins, giftId: send.giftId, creator, roomId: send.roomId });
      if (refusal !== null) {
        error.textContent = t('limitOverrideRefused', refusal);
        submit.disabled = false;
        return;
      }
    }
    lifted();
  });
  form.append(open, details);
  return form;
}

/** null when the worker lifted the rule for this spend; else why not. */
async function override(payload: { ruleId: string; reason: string; coins: number | null; giftId: number | null; creator: string | null; roomId: string | null }): Promise<string | null> {
  try {
    const reply = (await contentApi().runtime.sendMessage(envelope('overrideLimit', payload))) as Reply<{ overridesLeft: number }> | undefined;
    return reply?.ok === true ? null : (reply?.error ?? t('limitNoAnswer'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Tells the worker a block held this send (the parent's log: `blockedAttempt`); it checks the rules and paces tabs. */
function noteBlocked(send: HeldSend, blocking: readonly GuardRule[]): void {
  const payload = { ruleIds: blocking.slice(0, 10).map((rule) => rule.id), coins: send.coins, giftId: send.giftId, roomId: send.roomId, creator: send.toUserId };
  void Promise.resolve().then(() => contentApi().runtime.sendMessage(envelope('blockedAttempt', payload))).catch(() => undefined);
}
