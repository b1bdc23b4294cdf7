import { describe, expect, it, vi } from 'vitest';
import { MAX_BATCH } from '../platform/observations';
import { DEFAULT_BASES } from '../core/conversion';
import { envelope, type InPagePrices, type RecordReply } from '../platform/protocol';
import type { Settings } from '../platform/settings';
import { RefusedError, route, type Handlers, type RouterContext } from './router';
import type { SenderFacts } from './sender';

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
/** The parental lock's messages (handlers/lock.test.ts tests them): not in these tests. */
const LOCK_MESSAGES = ['lockStatus', 'setPin', 'changePin', 'removeLock', 'unlock', 'lockNow', 'totpBegin', 'totpConfirm', 'totpRemove', 'resetRequest', 'resetCancel', 'lockSettings'] as const;
const RELAY: SenderFacts = { id: EXTENSION_ID, url: 'https://www.tiktok.com/@sunset.cooking/live', origin: 'https://www.tiktok.com', tab: { id: 7 } };
const POPUP: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/popup/index.html`, origin: `chrome-extension://${EXTENSION_ID}` };
const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };

const GIFT = {
  type: 'gift', id: 'gift:msg:7481000000000000001',
  entry: {
    kind: 'gift', id: 'gift:msg:7481000000000000001', at: 1_741_806_317_250, coins: 1, account: '6812345678901234567', source: 'gift-send',
    parser: 1, giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: '7412345678901234567',
  },
};

const ROSE_HASH = 'eba3a9bb85c33e017f3648eaf88d7189';
const PRICES: InPagePrices = {
  resolved: { basis: DEFAULT_BASES[0]!, chosen: 'web-package', fallbackReason: null }, yourAverage: null, appBases: [], displayCurrency: 'USD',
  exchange: null, gifts: [{ hash: ROSE_HASH, giftId: 5655, name: 'Rose', coins: 1, estimate: { minor: 1, currency: 'USD' } }],
};

function setup() {
  const settings: Settings = { displayCurrency: 'EUR', weekStart: 1, conversion: { basis: 'your-purchases', customRate: null, diamondRate: null, exchangeRates: [] } };
  const reply: RecordReply = { recorded: [GIFT.id], rejected: [] };
  const handlers = {
    recordObservations: vi.fn(async () => reply),
    updateSettings: vi.fn(async () => settings),
    clearDiagnostics: vi.fn(async () => ({ cleared: 12 })),
    addPurchase: vi.fn(async () => { throw new Error('not in these tests'); }),
    editPurchase: vi.fn(async () => { throw new Error('not in these tests'); }),
    deletePurchase: vi.fn(async () => ({ deleted: false })),
    inPagePrices: vi.fn(async () => PRICES),
    restoreStage: vi.fn(async () => ({ entries: 0, balances: 0 })),
    restoreCommit: vi.fn(async () => ({ entriesAdded: 0, entriesSame: 0, balancesAdded: 0, balancesSame: 0, settingsRestored: false, limitsRestored: 0, limitsRefused: null })),
    deleteAllData: vi.fn(async () => ({ deleted: true as const })),
    importStage: vi.fn(async () => ({ staged: 0 })),
    importCommit: vi.fn(async () => { throw new Error('not in these tests'); }),
    saveLimit: vi.fn(async () => { throw new Error('not in these tests'); }),
    deleteLimit: vi.fn(async () => { throw new Error('not in these tests'); }),
    limitsView: vi.fn(async () => ({ rules: [], statuses: [], overridesUsed: {} })),
    limitOverrides: vi.fn(async () => []),
    inPageLimits: vi.fn(async () => ({ rules: [], statuses: [] })),
    overrideLimit: vi.fn(async () => ({ overridesLeft: 0 })),
    ...Object.fromEntries(LOCK_MESSAGES.map((name) => [name, vi.fn(async () => { throw new Error('not in these tests'); })])) as unknown as Pick<Handlers, (typeof LOCK_MESSAGES)[number]>,
    blockedAttempt: vi.fn(async () => ({ logged: false })),
    parentSummary: vi.fn(async () => { throw new Error('not in these tests'); }),
    researchSettings: vi.fn(async () => { throw new Error('not in these tests'); }),
    researchDelete: vi.fn(async () => ({ deleted: 0 })),
    researchFrames: vi.fn(async () => ({ frames: 0, gifts: 0, undecodable: 0 })),
  } satisfies Handlers;
  const context: RouterContext = { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers };
  const noHandlerCalled = () => {
    expect(handlers.recordObservations).not.toHaveBeenCalled();
    expect(handlers.updateSettings).not.toHaveBeenCalled();
    expect(handlers.clearDiagnostics).not.toHaveBeenCalled();
    expect(handlers.inPagePrices).not.toHaveBeenCalled();
    expect(handlers.restoreStage).not.toHaveBeenCalled();
    expect(handlers.restoreCommit).not.toHaveBeenCalled();
    expect(handlers.deleteAllData).not.toHaveBeenCalled();
  };
  return { handlers, context, settings, reply, noHandlerCalled };
}

describe('route: success', () => {
  it('hands a relay’s observations to the recorder and returns what it recorded', async () => {
    const { context, handlers, reply } = setup();
    const result = await route(envelope('recordObservations', { batch: [GIFT] }), RELAY, context);
    expect(result).toEqual({ ok: true, value: reply });
    expect(handlers.recordObservations).toHaveBeenCalledWith({ batch: [GIFT] }, { kind: 'content-script', tabId: 7 });
  });

  it('lets the options page change settings, passing only the known fields', async () => {
    const { context, handlers, settings } = setup();
    const result = await route({ type: 'settings/update', payload: { patch: { weekStart: 6, displayCurrency: 'INR', pinHash: 'x' } } }, OPTIONS, context);
    expect(result).toEqual({ ok: true, value: settings });
    expect(handlers.updateSettings).toHaveBeenCalledWith({ patch: { weekStart: 6, displayCurrency: 'INR' } }, { kind: 'extension-page', tabId: 8 });
  });

  it('lets the popup clear diagnostics', async () => {
    const { context } = setup();
    expect(await route(envelope('clearDiagnostics', {}), POPUP, context)).toEqual({ ok: true, value: { cleared: 12 } });
  });
});

describe('route: restore and delete-all', () => {
  const RESTORE_ID = '3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60';
  it('lets the options page stage, commit and delete everything', async () => {
    const { context, handlers } = setup();
    expect((await route(envelope('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: [GIFT.entry], balances: [] }), OPTIONS, context)).ok).toBe(true);
    expect((await route(envelope('restoreCommit', { restoreId: RESTORE_ID, batches: 1, entries: 1, balances: 0, settings: null, limits: null }), OPTIONS, context)).ok).toBe(true);
    expect((await route(envelope('deleteAllData', {}), OPTIONS, context)).ok).toBe(true);
    expect(handlers.restoreStage).toHaveBeenCalledOnce();
    expect(handlers.deleteAllData).toHaveBeenCalledOnce();
  });

  it('refuses a content script, a restore id that is not a UUID, and a batch over the limit', async () => {
    const { context, noHandlerCalled } = setup();
    for (const message of [envelope('deleteAllData', {}), envelope('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: [GIFT.entry], balances: [] })]) {
      expect(await route(message, RELAY, context)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('may only be sent by an extension-page') });
    }
    expect(await route(envelope('restoreStage', { restoreId: '../x', seq: 0, entries: [], balances: [] }), OPTIONS, context)).toMatchObject({ ok: false });
    expect(await route(envelope('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: Array(5001).fill(GIFT.entry), balances: [] }), OPTIONS, context)).toMatchObject({ ok: false });
    expect(await route(envelope('restoreCommit', { restoreId: RESTORE_ID, batches: 1, entries: 1, balances: 0, settings: { weekStart: 3 } as never, limits: null }), OPTIONS, context)).toMatchObject({ ok: false });
    expect(await route(envelope('restoreCommit', { restoreId: RESTORE_ID, batches: 1, entries: 1, balances: 0, settings: null, limits: [{ id: 'not-a-rule' }] as never }), OPTIONS, context)).toMatchObject({ ok: false });
    noHandlerCalled();
  });
});

describe('route: the in-page prices', () => {
  it('answers a content script with the prices of the image hashes it asks for', async () => {
    const { context, handlers } = setup();
    const result = await route(envelope('inPagePrices', { account: '6812345678901234567', hashes: [ROSE_HASH] }), RELAY, context);
    expect(result).toEqual({ ok: true, value: PRICES });
    expect(handlers.inPagePrices).toHaveBeenCalledWith({ account: '6812345678901234567', hashes: [ROSE_HASH] }, { kind: 'content-script', tabId: 7 });
  });

  it('refuses an extension page, a hash that is not 32 hex digits, and more than 500 hashes', async () => {
    const { context, noHandlerCalled } = setup();
    expect(await route(envelope('inPagePrices', { account: '', hashes: [] }), POPUP, context)).toMatchObject({ ok: false, error: expect.stringContaining('in-page/prices may only be sent by a content-script') });
    expect(await route({ type: 'in-page/prices', payload: { account: '', hashes: ['<img onerror>'] } }, RELAY, context)).toMatchObject({ ok: false, error: expect.stringContaining('expected a 32-hex image hash') });
    expect(await route({ type: 'in-page/prices', payload: { account: '', hashes: Array(501).fill(ROSE_HASH) } }, RELAY, context)).toMatchObject({ ok: false, retryable: false });
    noHandlerCalled();
  });
});

describe('route: refusals say why and are not retried', () => {
  it('refuses a content script that tries to change settings', async () => {
    const { context, noHandlerCalled } = setup();
    const result = await route(envelope('updateSettings', { patch: { weekStart: 0 } }), RELAY, context);
    expect(result).toEqual({ ok: false, retryable: false, error: expect.stringMatching(/^refused: settings\/update may only be sent by an extension-page, not by a content-script$/) });
    noHandlerCalled();
  });

  it('refuses a content script that tries to clear diagnostics, and an extension page that submits observations', async () => {
    const { context, noHandlerCalled } = setup();
    expect(await route(envelope('clearDiagnostics', {}), RELAY, context)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('diagnostics/clear') });
    expect(await route(envelope('recordObservations', { batch: [GIFT] }), POPUP, context)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('observations/record') });
    noHandlerCalled();
  });

  it('refuses an unknown message type, including names of Object.prototype', async () => {
    const { context, noHandlerCalled } = setup();
    for (const type of ['ledger/wipe', 'constructor', '__proto__', 'toString', 42, undefined]) {
      const result = await route({ type, payload: {} }, OPTIONS, context);
      expect(result, String(type)).toEqual({ ok: false, retryable: false, error: expect.stringContaining('refused: unknown message type') });
    }
    noHandlerCalled();
  });

  it('refuses something that is not a message at all', async () => {
    const { context, noHandlerCalled } = setup();
    for (const message of ['settings/update', null, 7, undefined]) {
      expect(await route(message, OPTIONS, context)).toEqual({ ok: false, retryable: false, error: 'refused: a message must be an object' });
    }
    noHandlerCalled();
  });

  it('refuses senders it cannot place before looking at the message', async () => {
    const { context, noHandlerCalled } = setup();
    const foreign = { ...RELAY, id: 'aaaabbbbccccddddeeeeffffgggghhhh' };
    expect(await route(envelope('recordObservations', { batch: [GIFT] }), foreign, context))
      .toEqual({ ok: false, retryable: false, error: 'refused: sender is not this extension' });
    expect(await route(envelope('recordObservations', { batch: [GIFT] }), { ...RELAY, url: 'https://evil.example/' }, context))
      .toEqual({ ok: false, retryable: false, error: 'refused: messages from https://evil.example are not accepted' });
    expect(await route(envelope('recordObservations', { batch: [GIFT] }), { id: EXTENSION_ID, tab: { id: 1 } }, context))
      .toEqual({ ok: false, retryable: false, error: 'refused: sender has no URL' });
    noHandlerCalled();
  });

  it('refuses an invalid payload and names the field', async () => {
    const { context, noHandlerCalled } = setup();
    expect(await route({ type: 'settings/update', payload: { patch: { weekStart: 3 } } }, OPTIONS, context)).toEqual({
      ok: false, retryable: false, error: expect.stringMatching(/^refused: invalid settings\/update: payload\.patch\.weekStart: expected 0 \(Sunday\)/),
    });
    expect(await route({ type: 'settings/update', payload: { patch: { displayCurrency: 'XYZW' } } }, OPTIONS, context))
      .toMatchObject({ ok: false, error: expect.stringContaining('payload.patch.displayCurrency') });
    expect(await route({ type: 'observations/record', payload: { batch: 'everything' } }, RELAY, context))
      .toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('payload.batch') });
    expect(await route({ type: 'observations/record' }, RELAY, context)).toMatchObject({ ok: false, retryable: false });
    noHandlerCalled();
  });

  it(`refuses a batch of more than ${MAX_BATCH} observations`, async () => {
    const { context, handlers } = setup();
    const batch = Array.from({ length: MAX_BATCH + 1 }, () => GIFT);
    expect(await route({ type: 'observations/record', payload: { batch } }, RELAY, context)).toMatchObject({ ok: false, retryable: false });
    expect(await route({ type: 'observations/record', payload: { batch: batch.slice(1) } }, RELAY, context)).toMatchObject({ ok: true });
    expect(handlers.recordObservations).toHaveBeenCalledTimes(1);
  });
});

describe('route: handler failures', () => {
  it('turns a storage failure into a retryable error reply instead of a rejection', async () => {
    const { context, handlers } = setup();
    handlers.recordObservations.mockRejectedValueOnce(new DOMException('Encountered full disk while opening backing store', 'QuotaExceededError'));
    const result = await route(envelope('recordObservations', { batch: [GIFT] }), RELAY, context);
    expect(result).toEqual({ ok: false, retryable: true, error: 'QuotaExceededError: Encountered full disk while opening backing store' });
    // And the next attempt goes through.
    expect(await route(envelope('recordObservations', { batch: [GIFT] }), RELAY, context)).toMatchObject({ ok: true });
  });

  it('reports a thrown non-Error as retryable text', async () => {
    const { context, handlers } = setup();
    handlers.clearDiagnostics.mockRejectedValueOnce('database is closing');
    expect(await route(envelope('clearDiagnostics', {}), OPTIONS, context)).toEqual({ ok: false, retryable: true, error: 'database is closing' });
  });

  it('does not ask to retry what a handler refused', async () => {
    const { context, handlers } = setup();
    handlers.updateSettings.mockRejectedValueOnce(new RefusedError('the parental lock is on'));
    expect(await route(envelope('updateSettings', { patch: { weekStart: 0 } }), OPTIONS, context))
      .toEqual({ ok: false, retryable: false, error: 'RefusedError: the parental lock is on' });
  });
});
