import { describe, expect, it } from 'vitest';
import { emptyTotals } from '../core/rollups';
import type { ConversionSettings } from '../platform/settings';
import { basisOfChoice, fallbackKey, inForceByAccount } from './bases-view';

const conversion: ConversionSettings = { basis: 'your-purchases', customRate: null, diamondRate: null, exchangeRates: [] };
const bought = { ...emptyTotals(), rechargeCoins: 1000, recharges: 1, money: { USD: 1099 } };

describe('rate bases for the options page', () => {
  it('says per account which basis is in force, and why the chosen one is not', () => {
    const rows = inForceByAccount(conversion, 'USD', [
      { uid: 'a', label: '@a', lifetime: bought },
      { uid: 'b', label: '@b', lifetime: emptyTotals() },
    ]);
    expect(rows[0]!.resolved).toMatchObject({ basis: { kind: 'your-purchases', rate: { minor: 1099, coins: 1000, currency: 'USD' } }, fallbackReason: null });
    expect(rows[1]!.resolved).toMatchObject({ basis: { id: 'usd-web-package-2022' }, chosen: 'your-purchases' });
    expect(fallbackKey(rows[1]!.resolved.fallbackReason!)).toBe('fallbackNoPurchases');
  });

  it('a typed rate is a basis once entered; the defaults are always there', () => {
    expect(basisOfChoice('custom', conversion, 'USD')).toBe(null);
    expect(basisOfChoice('custom', { ...conversion, customRate: { minor: 490, coins: 70, currency: 'BRL', asOf: '2025-03-01' } }, 'USD'))
      .toMatchObject({ kind: 'custom', rate: { minor: 490, coins: 70, currency: 'BRL' }, asOf: '2025-03-01' });
    expect(basisOfChoice('app-package', conversion, 'EUR')).toMatchObject({ id: 'usd-app-package' });
    expect(fallbackKey('no rate entered yet')).toBe('fallbackNoCustomRate');
    expect(fallbackKey('something new')).toBe(null);
  });
});
