/**
 * On a LIVE page and on /coin: one small line with the tightest limit that covers the page, "This week: spent 300
 * coins · 700 coins left · resets Mon 00:00" (`inPageLimits`, answered by the worker). Shown only when some rule
 * covers the page; asked again whenever the worker writes a new guard state (after each send it records).
 */
import { GUARD_KEY } from '../../core/guard-state';
import { readRoomFromSigiState } from '../../core/tiktok/pageState';
import { contentApi } from '../../platform/extension-api';
import { envelope, type InPageLimits, type Reply } from '../../platform/protocol';
import type { RelayPage } from '../features/feature';
import { liveHandle, loadedUrl, sameAddress, scriptText } from '../relay/page';
import { capUnits, resetText, t } from './limit-text';

export const STRIP_TAG = 'coinsight-limits';

const PERIOD_TITLE = { day: 'limitTitleDay', week: 'limitTitleWeek', month: 'limitTitleMonth', custom: 'limitTitlePeriod' } as const;

/** The strip's words for the first (tightest) status, or null when no rule covers the page. */
export function stripText(limits: InPageLimits, now = Date.now()): string | null {
  const status = limits.statuses[0];
  const rule = status && limits.rules.find((candidate) => candidate.id === status.ruleId);
  if (!status || !rule) return null;
  return t('limitStrip', [t(PERIOD_TITLE[rule.period.kind]), capUnits(rule, status.used), capUnits(rule, status.left), resetText(status.resetsAt, now)]);
}

/**
 * Which LIVE room the page shows, for `live` rules: read from the state TikTok embeds (SIGI_STATE) in the document of
 * a LIVE page, only while the page is still the one that document was loaded at and the state names the same creator
 * (after a client-side move to another LIVE the embedded state still describes the first one). Null when not known:
 * the strip then shows no `live` rule, rather than another room's figures.
 */
export function pageRoomId(pageUrl: string, loaded: string | null, sigi: string | null): string | null {
  const handle = liveHandle(pageUrl);
  if (handle === null || sigi === null || !sameAddress(pageUrl, loaded)) return null;
  const room = readRoomFromSigiState(sigi);
  return room?.creatorHandle === handle ? room.roomId : null;
}

export function limitsStrip(signal: AbortSignal, page: RelayPage): void {
  const api = contentApi();
  let host: HTMLElement | null = null;
  const render = (text: string | null): void => {
    if (signal.aborted) return;
    if (text === null) {
      host?.remove();
      host = null;
      return;
    }
    if (!host) {
      host = document.createElement(STRIP_TAG);
      host.setAttribute('style', 'position:fixed;left:8px;bottom:8px;z-index:2147483646;display:block;pointer-events:none;color-scheme:light dark');
      host.attachShadow({ mode: 'open' });
    }
    const line = document.createElement('p');
    line.setAttribute('data-testid', 'limit-strip');
    line.setAttribute('style', 'margin:0;padding:4px 8px;border-radius:6px;background:light-dark(rgba(255,255,255,.92),rgba(24,24,28,.92));color:light-dark(#0b6e4f,#6fe3b8);font:600 12px/1.3 system-ui,sans-serif');
    line.textContent = text;
    host.shadowRoot!.replaceChildren(line);
    if (!host.isConnected) document.documentElement.append(host);
  };
  const ask = (): void => {
    const handle = page.context.creatorHandle();
    const roomId = pageRoomId(location.href, loadedUrl(), scriptText('SIGI_STATE'));
    api.runtime.sendMessage(envelope('inPageLimits', { creator: handle ? `@${handle}` : null, roomId })).then((reply) => {
      const answer = reply as Reply<InPageLimits> | undefined;
      render(answer?.ok ? stripText(answer.value) : null);
    }, () => undefined);
  };
  const changed = (changes: Record<string, unknown>, area: string): void => {
    if (area === 'local' && changes[GUARD_KEY]) ask();
  };
  api.storage.onChanged.addListener(changed);
  signal.addEventListener('abort', () => {
    api.storage?.onChanged.removeListener(changed); // gone when the extension was disabled or updated under the page
    host?.remove();
  }, { once: true });
  ask();
}
