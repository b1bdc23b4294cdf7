/**
 * How the parent's view reads (issue 11, item 5): one plain sentence for every kind of logged event, and for the times
 * Coinsight was not running the honest limits of what the browser lets it tell apart. Pure functions of a row and a
 * translator (t() in the page, the English messages in tests); dates and durations through Intl.
 */
import type { ParentLogKind, ParentLogRow } from '../queries/parent-summary';
import { formatCoins, formatDateTime } from './format';
import type { Translate } from './limit-text';

/** The message key of each kind's sentence: a kind missing here fails to compile. */
const SENTENCE: Record<ParentLogKind, string> = {
  'override': 'parentLogOverride',
  'settings-changed': 'parentLogSettingsChanged',
  'limit-changed': 'parentLogLimitChanged',
  'data-changed': 'parentLogDataChanged',
  'lock-set': 'parentLogLockSet',
  'lock-changed': 'parentLogLockChanged',
  'lock-removed': 'parentLogLockRemoved',
  'unlocked': 'parentLogUnlocked',
  'pin-failed': 'parentLogPinFailed',
  'lock-reset-requested': 'parentLogResetRequested',
  'lock-reset-cancelled': 'parentLogResetCancelled',
  'lock-reset-done': 'parentLogResetDone',
  'blocked-attempt': 'parentLogBlocked',
  'not-running': 'parentLogNotRunning',
  'browser-closed': 'parentLogBrowserClosed',
  'extension-disabled': 'parentLogExtensionDisabled',
  'unexplained-balance': 'parentLogUnexplainedBalance',
};
const GAPS: ReadonlySet<ParentLogKind> = new Set(['not-running', 'browser-closed', 'extension-disabled']);

/** "45 min", "3 h 5 min", "2 d 4 h": how long a gap lasted. */
export function durationText(ms: number, tr: Translate): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return tr('parentMinutes', [String(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return tr('parentHours', [String(hours), String(minutes % 60)]);
  return tr('parentDays', [String(Math.floor(hours / 24)), String(hours % 24)]);
}

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The sentence of one log row. */
export function logSentence(row: ParentLogRow, locale: string, tr: Translate): string {
  const { detail } = row;
  const key = SENTENCE[row.kind] ?? 'parentLogUnknown';
  if (GAPS.has(row.kind)) {
    const from = numberOf(detail.from) ?? row.at;
    const to = numberOf(detail.to) ?? row.at;
    return tr(key, [formatDateTime(from, locale), formatDateTime(to, locale), durationText(to - from, tr)]);
  }
  const coins = numberOf(detail.coins);
  const amount = coins === null ? tr('parentAmountUnknown') : tr('coinsAmount', [formatCoins(coins, locale)]);
  if (row.kind === 'override') return tr(key, [typeof detail.reason === 'string' ? detail.reason : '', amount]);
  if (row.kind === 'blocked-attempt') return tr(key, [amount]);
  return tr(key);
}

/** Whether a row is one of the times Coinsight was not running (shown with a warning mark). */
export function isGap(row: ParentLogRow): boolean {
  return GAPS.has(row.kind);
}
