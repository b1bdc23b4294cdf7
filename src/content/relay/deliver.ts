/**
 * The relay's one message to the worker, sent without the protocol table (src/platform/protocol.ts): importing the
 * table would bring every message's schema (settings among them) into the content script, ~0.5 KB gzipped of a 12 KB
 * budget. The envelope is the same; deliver.test.ts holds the type string to the table's.
 */
import type { ContentApi } from '../../platform/extension-api';
import type { Observation } from '../../platform/observations';
import type { Envelope, RecordReply, Reply } from '../../platform/protocol';

export const RECORD_OBSERVATIONS = 'observations/record';

/** Resolves with the worker's reply; rejects with its reason, or with the browser's error (see isContextInvalidated). */
export async function deliverBatch(api: ContentApi, batch: Observation[]): Promise<RecordReply> {
  const envelope: Envelope = { type: RECORD_OBSERVATIONS, payload: { batch } };
  const reply = (await api.runtime.sendMessage(envelope)) as Reply<RecordReply> | undefined;
  if (reply?.ok !== true) throw new Error(reply?.error ?? 'no reply from the background');
  return reply.value;
}
