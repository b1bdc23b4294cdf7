import { describe, expect, it } from 'vitest';
import { entryIds } from '../core/ledger';
import { T0, MIN, ME, freshDb, paidObs, usd } from './recorder.fixtures';
import { recordBatch } from './recorder';
import type { Observation } from '../platform/observations';

const cashierText = (at: number, coins: number, priceText: string, locale: string): Observation =>
  ({ type: 'cashier', id: `cashier:${at}:${coins}`, at, account: ME, coins, price: null, priceText, locale });
/** What the relay sends since it reads the cashier within the "Pay now" click: both texts as the page shows them. */
const cashierTexts = (at: number, coinText: string | undefined, priceText: string | undefined): Observation =>
  ({ type: 'cashier', id: `cashier:${at}:${coinText}`, at, account: ME, coinText, priceText, locale: 'en-US' });

describe('cashier coins and prices parsed by the worker (the relay sends the texts as shown)', () => {
  it('prices the recharge from the cashier texts, whitespace and all', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierTexts(T0, '\n 1,400\u00a0Coins ', ' $18.50\n'), paidObs(T0 + MIN, 'PAY-RAW')]);
    expect(await db.ledger.get(entryIds.recharge('PAY-RAW'))).toMatchObject({ coins: 1_400, price: usd(1_850), source: 'cashier+end-result' });
  });

  it('keeps no sighting and says why when the coins cannot be read; the payment still waits for the balance rise', async () => {
    for (const coinText of [undefined, 'Coins', '0 Coins']) {
      const db = freshDb();
      await recordBatch(db, [cashierTexts(T0, coinText, '$0.74'), paidObs(T0 + MIN, 'PAY-NOCOINS')]);
      expect(await db.cashierSightings.count()).toBe(0);
      expect(await db.ledger.get(entryIds.recharge('PAY-NOCOINS'))).toBeUndefined();
      expect(await db.pendingPayments.get('PAY-NOCOINS')).toBeDefined();
      expect((await db.diagnostics.toArray()).map((d) => `${d.endpoint}:${d.reason}`)).toContain('coin-page:cashier coins not readable');
    }
  });

  it('records the coins without a price, and says why, when the price is missing', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierTexts(T0, '70 Coins', undefined), paidObs(T0 + MIN, 'PAY-NOPRICE')]);
    const recharge = await db.ledger.get(entryIds.recharge('PAY-NOPRICE'));
    expect(recharge).toMatchObject({ coins: 70 });
    expect(recharge).not.toHaveProperty('price');
    expect((await db.diagnostics.toArray()).map((d) => `${d.endpoint}:${d.reason}`)).toContain('coin-page:cashier price not readable');
  });

  it('prices the recharge from the cashier text in the page locale', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierText(T0, 700, '$9.99', 'en-US'), paidObs(T0 + MIN, 'PAY-TEXT')]);
    expect(await db.ledger.get(entryIds.recharge('PAY-TEXT'))).toMatchObject({ coins: 700, price: usd(999) });
  });

  it('reads a German price with its own separators', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierText(T0, 7_000, '1.234,56 €', 'de-DE'), paidObs(T0 + MIN, 'PAY-DE')]);
    expect(await db.ledger.get(entryIds.recharge('PAY-DE'))).toMatchObject({ price: { minor: 123_456, currency: 'EUR' } });
  });

  it('records the recharge without a price and a diagnostic when the text is not a price', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierText(T0, 700, 'pay now', 'en-US'), paidObs(T0 + MIN, 'PAY-BAD')]);
    const recharge = await db.ledger.get(entryIds.recharge('PAY-BAD'));
    expect(recharge).toMatchObject({ coins: 700 });
    expect(recharge).not.toHaveProperty('price');
    expect((await db.diagnostics.toArray()).map((d) => `${d.endpoint}:${d.reason}`)).toContain('coin-page:cashier price not readable');
  });

  it('still takes a price parsed in the page (observations queued by an older relay)', async () => {
    const db = freshDb();
    const old: Observation = { type: 'cashier', id: `cashier:${T0}:70`, at: T0, account: ME, coins: 70, price: usd(74) };
    await recordBatch(db, [old, paidObs(T0 + MIN, 'PAY-OLD')]);
    expect(await db.ledger.get(entryIds.recharge('PAY-OLD'))).toMatchObject({ price: usd(74) });
  });
});
