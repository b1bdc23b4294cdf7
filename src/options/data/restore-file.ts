/**
 * Restore on the options page: the whole file is read and validated with the core readers first (a RestoreError names
 * the first bad record and why, and nothing has been sent); only then is it read a second time and the validated
 * records sent to the worker in numbered batches, staged on disk there, followed by one commit that writes all or
 * nothing (background/handlers/restore.ts) and carries the settings and limit rules, applied once the ledger is in.
 * The file is never held whole: each pass streams it.
 */
import { backupItems, RestoreError, type ByteSource } from '../../core/export';
import type { BalanceObservation, LedgerEntry } from '../../core/ledger';
import type { LimitRule } from '../../core/limits';
import { MessageError } from '../../platform/messaging';
import type { MessageName, PayloadOf, ReplyOf, RestoreReport } from '../../platform/protocol';
import { settingsPatchSchema, type SettingsPatch } from '../../platform/settings';

export const PAGE_RESTORE_BATCH = 2000;
/**
 * Records read between two returns to the page's event loop. The file's chunks often arrive already buffered, so the
 * reader's awaits are microtasks and a whole file could be read in one task (measured: tasks of 400 ms, the page
 * frozen). A message to ourselves, not a timer: timers in a hidden tab are throttled to one a second.
 */
const YIELD_EVERY = 250;
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
const yieldToPage = (): Promise<void> => new Promise((resolve) => {
  if (!channel) return void setTimeout(resolve, 0);
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
});

type Send = <N extends MessageName>(name: N, payload: PayloadOf<N>) => Promise<ReplyOf<N>>;

export type RestoreOutcome = { ok: true; report: RestoreReport } | { ok: false; error: string };

/** A byte source that can be opened again (a File: `file.stream()`), since the file is read twice. */
export type Reopenable = () => ByteSource;

export function fileSource(file: Blob): Reopenable {
  return () => (async function* () {
    const reader = file.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  })();
}

export async function restoreFile(
  open: Reopenable, send: Send, restoreId: string, onProgress: (sent: number, total: number) => void, batchSize = PAGE_RESTORE_BATCH,
): Promise<RestoreOutcome> {
  let total = 0;
  let balancesTotal = 0;
  let settings: SettingsPatch | null = null;
  let limits: LimitRule[] | null = null;
  try {
    for await (const item of backupItems(open(), { checkSettings: settingsPatchSchema })) {
      if ((total + balancesTotal) % YIELD_EVERY === 0) await yieldToPage();
      if (item.type === 'entry') total++;
      else if (item.type === 'balance') balancesTotal++;
      else if (item.type === 'settings') settings = item.settings;
      else if (item.type === 'limits') limits = item.limits;
    }
  } catch (error) {
    return { ok: false, error: error instanceof RestoreError ? error.message : `the file could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  let entries: LedgerEntry[] = [];
  let balances: BalanceObservation[] = [];
  let sent = 0;
  let seq = 0;
  const flush = async () => {
    if (entries.length === 0 && balances.length === 0) return;
    const batch = { restoreId, seq, entries, balances };
    await retried(() => send('restoreStage', batch));
    seq++;
    sent += entries.length + balances.length;
    onProgress(sent, total + balancesTotal);
    entries = [];
    balances = [];
  };
  try {
    for await (const item of backupItems(open(), { checkSettings: settingsPatchSchema })) {
      if (item.type === 'entry') entries.push(item.entry);
      else if (item.type === 'balance') balances.push(item.balance);
      if ((entries.length + balances.length) % YIELD_EVERY === 0) await yieldToPage();
      if (entries.length + balances.length >= batchSize) await flush();
    }
    await flush();
    const report = await retried(() => send('restoreCommit', { restoreId, batches: seq, entries: total, balances: balancesTotal, settings, limits }));
    return { ok: true, report };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A message the worker did not answer because it was stopped meanwhile (MessageError.retryable) is sent again: a
 * staged batch replaces itself, and a commit is one transaction (aborted with the worker, or answered again from its
 * outcome if it had committed). A refusal is not retried.
 */
async function retried<T>(attempt: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= attempts || !(error instanceof MessageError && error.retryable)) throw error;
    }
  }
}
