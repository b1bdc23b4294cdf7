import { describe, expect, it } from 'vitest';
import { currencyOptions } from './currencies';

describe('currencyOptions', () => {
  it('names each code in the UI language and sorts by name', () => {
    expect(currencyOptions('en', ['USD', 'IDR', 'BRL'])).toEqual([
      { code: 'BRL', label: 'BRL — Brazilian Real' },
      { code: 'IDR', label: 'IDR — Indonesian Rupiah' },
      { code: 'USD', label: 'USD — US Dollar' },
    ]);
    expect(currencyOptions('pt-BR', ['BRL'])).toEqual([{ code: 'BRL', label: 'BRL — Real brasileiro' }]);
  });
});
