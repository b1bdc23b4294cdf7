/**
 * The options page's side of importing TikTok's data download: read and parse the file (core/export/tiktok-download.ts),
 * turn it into entries once every question is answered (tiktok-entries.ts), and hand them to the worker in batches,
 * then one commit that plans the import and, when `write`, writes it all or nothing (background/handlers/tiktok-import.ts).
 * Each call stages afresh under a new id: a worker stopped between the preview and the import loses nothing.
 */
import { parseTikTokDownload, type DownloadResult } from '../../core/export/tiktok-download';
import type { ImportReport } from '../../core/import-plan';
import type { ImportedEntry } from '../../core/ledger';
import type { MessageName, PayloadOf, ReplyOf } from '../../platform/protocol';

export const IMPORT_BATCH = 2000;

type Send = <N extends MessageName>(name: N, payload: PayloadOf<N>) => Promise<ReplyOf<N>>;

export async function readDownload(file: Blob): Promise<DownloadResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'the file is not UTF-8 text' };
  }
  return parseTikTokDownload(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** Stages the entries and commits: a plan (nothing written) or the import itself. */
export async function sendImport(entries: readonly ImportedEntry[], send: Send, importId: string, write: boolean): Promise<ImportReport> {
  for (let i = 0; i < entries.length; i += IMPORT_BATCH) {
    await send('importStage', { importId, entries: entries.slice(i, i + IMPORT_BATCH) });
  }
  return send('importCommit', { importId, entries: entries.length, write });
}
