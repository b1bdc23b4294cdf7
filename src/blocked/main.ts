// The page TikTok's /coin is sent to while a block is on (blocked-view.ts says what it shows).
import { GUARD_KEY } from '../core/guard-state';
import { LIMITS_KEY, type LimitRule } from '../core/limits';
import { MANAGED_KEY } from '../core/managed/ids';
import { parseManagedPolicy } from '../core/managed/policy';
import { guardFromStorage } from '../background/limits/enforce';
import { contentApi } from '../platform/extension-api';
import { translateFromFiles } from '../platform/message-fallback';
import { clockReady, now, timeZone } from '../platform/clock';
import { blockedView } from './blocked-view';
import { LOCK_STATUS_TYPE } from '../platform/lock-wire';
import type { LockStatus, Reply } from '../platform/protocol';
import { formatDateTime } from '../ui/format';
import { durationText } from '../ui/lock-text';

// Built on its own (scripts/build.js), so it takes the extension API straight from the browser: the polyfill would
// add ≈ 3 KB gzipped to a page that needs three calls.
interface PageApi {
  storage: { local: { get(keys: string[]): Promise<Record<string, unknown>> } };
  runtime: { getURL(path: string): string; sendMessage(message: unknown): Promise<unknown> };
  i18n: { getMessage(key: string, substitutions?: string[]): string; getUILanguage(): string };
}
const api = contentApi() as unknown as PageApi;
/** The files' messages when the browser gave this page none (platform/message-fallback.ts); set before show() reads any. */
let fromFiles: ((key: string, substitutions?: string[]) => string) | null = null;
const t = (key: string, substitutions?: string[]): string => api.i18n.getMessage(key, substitutions) || fromFiles?.(key, substitutions) || key;
const uiLocale = (): string => api.i18n.getUILanguage();

async function show(): Promise<void> {
  fromFiles = await translateFromFiles({
    getMessage: (key) => api.i18n.getMessage(key), getUILanguage: () => api.i18n.getUILanguage(), getURL: (path) => api.runtime.getURL(path),
  });
  document.title = t('blockedTitle');
  await clockReady();
  const stored = await api.storage.local.get([GUARD_KEY, LIMITS_KEY, MANAGED_KEY]);
  // The administrator's rules (a block may be theirs), parsed from the worker's copy of the policy as the worker does.
  const managed = parseManagedPolicy((stored[MANAGED_KEY] as { source?: unknown } | undefined)?.source).limits;
  const rules = [...managed, ...(Array.isArray(stored[LIMITS_KEY]) ? (stored[LIMITS_KEY] as LimitRule[]) : [])];
  const view = blockedView(guardFromStorage(stored[GUARD_KEY]), rules, now(), { t, locale: uiLocale(), timeZone: timeZone() });
  const main = document.getElementById('app')!;
  const line = (tag: string, testid: string, text: string) => {
    const element = document.createElement(tag);
    element.dataset.testid = testid;
    element.textContent = text;
    main.append(element);
    return element;
  };
  line('h1', 'blocked-heading', view.heading);
  line('p', 'blocked-what', view.what);
  for (const why of view.why) line('p', 'blocked-why', why);
  if (view.until) line('p', 'blocked-until', view.until);
  const link = line('a', 'blocked-options', t('blockedOptionsLink')) as HTMLAnchorElement;
  link.href = api.runtime.getURL('src/options/index.html');
  main.dataset.state = view.blocked ? 'blocked' : 'open';
  void showPendingReset(line);
}

/** A forgotten-PIN reset waiting is shown on every Coinsight page, this one too (after the page's own content). */
async function showPendingReset(line: (tag: string, testid: string, text: string) => HTMLElement): Promise<void> {
  const reply = (await api.runtime.sendMessage({ type: LOCK_STATUS_TYPE, payload: {} }).catch(() => null)) as Reply<LockStatus> | null;
  if (!reply?.ok || reply.value.state.kind !== 'reset-pending') return;
  const { effectiveAt } = reply.value.state;
  line('p', 'lock-reset-banner', t('lockResetBanner', [durationText(effectiveAt - reply.value.now, t), formatDateTime(effectiveAt, uiLocale())]));
}

document.documentElement.lang = uiLocale();
void show().catch((error: unknown) => {
  document.getElementById('app')!.textContent = t('loadError', [String(error)]);
});
