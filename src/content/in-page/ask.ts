/**
 * Asks the worker for what the in-page prices need (`in-page/prices`, src/platform/protocol.ts). The content script
 * never opens the extension's database and never calls TikTok: the worker answers from the ledger's rollups, the
 * settings and the catalogue. The envelope is the protocol's; importing the table here is fine (this chunk is loaded
 * only on LIVE and /coin pages, outside the content scripts' budget).
 */
import { contentApi } from '../../platform/extension-api';
import { envelope, type InPagePrices, type Reply } from '../../platform/protocol';

export async function askPrices(account: string, hashes: string[]): Promise<InPagePrices> {
  const reply = (await contentApi().runtime.sendMessage(envelope('inPagePrices', { account, hashes: hashes.slice(0, 500) }))) as Reply<InPagePrices> | undefined;
  if (reply?.ok !== true) throw new Error(reply?.error ?? 'no reply from the background');
  return reply.value;
}
