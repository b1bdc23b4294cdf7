/**
 * Research mode's end-to-end helpers (issue 12): switch it on and off the way the worker's settings handler does
 * (the setting in storage.local, the key bytes in IndexedDB `researchKeys`), see whether the capture scripts are
 * registered and whether a page's WebSocket is hooked, and read the whole database to search it.
 */
import type { Page, Worker } from 'playwright-core';
import { senderPseudonymiser } from '../../src/core/research/pseudonym';
import type { RoomGiftRow } from '../../src/platform/research';
import { RESEARCH_KEY } from '../../src/platform/research';
import { waitFor } from './harness';

/** A fixed install key for the tests, so they can compute the pseudonyms the extension must have made. */
export const TEST_KEY_ID = 'k_00112233445566ff';
export const TEST_KEY_BYTES = Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

type Chrome = {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; world?: string }[]> };
};

/**
 * Writes the key row and the setting, as background/handlers/research-settings.ts does. Runs in an extension context of
 * either browser (the worker, or an extension page): `worker.evaluate(writeResearch, args)` in Playwright,
 * `page.evaluate(writeResearch, args)` in Puppeteer.
 */
export async function writeResearch([key, keyId, bytes, on]: readonly [string, string, readonly number[], boolean]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('researchKeys', 'readwrite');
      tx.objectStore('researchKeys').put({ id: keyId, kind: 'install', from: 'generated', bytes: new Uint8Array(bytes), createdAt: Date.now() });
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  });
  const scope = globalThis as unknown as { browser?: Chrome; chrome?: Chrome };
  await (scope.browser ?? scope.chrome)!.storage.local.set({ [key]: { enabled: on, consentedAt: Date.now(), studyName: null, studyKeyId: keyId } });
}

export const researchArgs = (enabled: boolean) => [RESEARCH_KEY, TEST_KEY_ID, TEST_KEY_BYTES, enabled] as const;

export async function setResearch(worker: Worker, enabled: boolean): Promise<void> {
  await worker.evaluate(writeResearch, researchArgs(enabled));
}

export async function registeredScripts(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => (await (globalThis as unknown as { chrome: Chrome }).chrome.scripting.getRegisteredContentScripts()).map((s) => s.id).sort());
}

export async function waitForRegistration(worker: Worker, registered: boolean): Promise<void> {
  await waitFor(`research scripts ${registered ? '' : 'un'}registered`, async () => ((await registeredScripts(worker)).length === (registered ? 2 : 0) ? true : null));
}

/** Whether the page's `WebSocket` is a Proxy (the research hook) rather than the browser's own constructor. */
export async function webSocketIsHooked(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.WebSocket' });
    return result.subtype === 'proxy';
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Opens a LIVE page with the stand-in's event stream (`scenario` streamed, or silent) and waits for its socket. */
export async function openWebcastLive(page: Page, url: string, scenario: string | null, binary: 'arraybuffer' | 'blob' = 'arraybuffer'): Promise<void> {
  const q = new URLSearchParams({ webcast: scenario ?? '', webcastBinary: binary });
  if (scenario === null) q.delete('webcast');
  await page.goto(`${url}?${q}`);
  if (scenario === null) await page.evaluate(() => (window as unknown as { __fakeWebcast: { open(o: object): Promise<unknown> } }).__fakeWebcast.open({}));
  await page.waitForSelector('[data-testid="webcast"][data-state="open"]', { state: 'attached' });
}

export async function pageFrames(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="webcast"]', 'data-frames'));
}

/** Every row of every object store of the `coinsight` database, as JSON text (to search for what must not be there). */
export async function dumpDatabase(page: Page): Promise<string> {
  return page.evaluate(() => new Promise<string>((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names);
      const out: Record<string, unknown[]> = {};
      for (const name of names) {
        const request = tx.objectStore(name).getAll();
        request.onsuccess = () => { out[name] = request.result.map((row: unknown) => (row instanceof Object ? row : { value: row })); };
      }
      tx.oncomplete = () => {
        db.close();
        resolve(JSON.stringify(out, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)));
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** Coins per room and per sender pseudonym in the room log. */
export function totals(rows: RoomGiftRow[]): { rooms: Record<string, number>; senders: Record<string, number> } {
  const rooms: Record<string, number> = {};
  const senders: Record<string, number> = {};
  for (const row of rows) {
    rooms[row.roomId] = (rooms[row.roomId] ?? 0) + (row.coins ?? 0);
    senders[row.sender] = (senders[row.sender] ?? 0) + (row.coins ?? 0);
  }
  return { rooms, senders };
}

/** The stand-in's per-sender truth, keyed by the pseudonyms the extension must have made under the test key. */
export async function pseudonymousTruth(senders: Record<string, number>): Promise<Record<string, number>> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(TEST_KEY_BYTES), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const pseudonym = senderPseudonymiser(key, 'install');
  const out: Record<string, number> = {};
  for (const [id, coins] of Object.entries(senders)) out[await pseudonym(id)] = coins;
  return out;
}
