import { describe, expect, it } from 'vitest';
import type { ContentApi } from '../../platform/extension-api';
import { envelope, messages } from '../../platform/protocol';
import { RECORD_OBSERVATIONS, deliverBatch } from './deliver';

function apiAnswering(answer: unknown, sent: unknown[] = []): ContentApi {
  return {
    runtime: { sendMessage: async (message: unknown) => { sent.push(message); return answer; }, getURL: (path: string) => `chrome-extension://x/${path}` },
    storage: {
      local: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
      onChanged: { addListener: () => undefined, removeListener: () => undefined },
    },
  };
}

describe('deliverBatch', () => {
  it('sends the envelope the protocol defines for recordObservations', async () => {
    expect(RECORD_OBSERVATIONS).toBe(messages.recordObservations.type);
    const sent: unknown[] = [];
    const reply = { recorded: ['a'], rejected: [] };
    await expect(deliverBatch(apiAnswering({ ok: true, value: reply }, sent), [])).resolves.toEqual(reply);
    expect(sent).toEqual([envelope('recordObservations', { batch: [] })]);
  });

  it('rejects with the router’s reason, or when nobody answered', async () => {
    await expect(deliverBatch(apiAnswering({ ok: false, error: 'refused: wrong sender', retryable: false }), [])).rejects.toThrow('refused: wrong sender');
    await expect(deliverBatch(apiAnswering(undefined), [])).rejects.toThrow('no reply');
  });
});
