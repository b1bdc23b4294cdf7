/** Seeding the extension's IndexedDB from one of its pages in Chromium, as the worker would write it (harness.ts reads it). */
import type { Page } from 'playwright-core';

/** Puts `rows` into an IndexedDB store of the extension from an extension page (seeding what capture would write). */
export async function putRows(page: Page, store: string, rows: readonly unknown[]): Promise<void> {
  await page.evaluate(
    ([storeName, items]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('coinsight');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(storeName, 'readwrite');
          for (const item of items) tx.objectStore(storeName).put(item);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [store, rows] as const,
  );
}
