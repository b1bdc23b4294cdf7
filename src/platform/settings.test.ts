import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsFromStorage, settingsPatchSchema, type ConversionSettings } from './settings';

const conversion: ConversionSettings = { basis: 'your-purchases', customRate: null, diamondRate: null, exchangeRates: [] };

describe('settings', () => {
  it('defaults follow the locale: currency by region, week start by the locale week', () => {
    expect(defaultSettings('en-US')).toEqual({ displayCurrency: 'USD', weekStart: 0, conversion });
    expect(defaultSettings('id-ID')).toMatchObject({ displayCurrency: 'IDR' });
    expect(defaultSettings('pt-BR')).toMatchObject({ displayCurrency: 'BRL' });
    expect(defaultSettings('de-DE')).toEqual({ displayCurrency: 'EUR', weekStart: 1, conversion });
    expect(defaultSettings('not a locale!')).toEqual({ displayCurrency: 'USD', weekStart: 1, conversion });
  });

  it('reads damaged stored settings field by field, never throwing', () => {
    const defaults = { displayCurrency: 'USD', weekStart: 1, conversion } as const;
    expect(settingsFromStorage(undefined, defaults)).toEqual(defaults);
    expect(settingsFromStorage('garbage', defaults)).toEqual(defaults);
    expect(settingsFromStorage({ displayCurrency: 'EUR', weekStart: 3 }, defaults)).toEqual({ displayCurrency: 'EUR', weekStart: 1, conversion });
    expect(settingsFromStorage({ displayCurrency: 'euro', weekStart: 6 }, defaults)).toEqual({ displayCurrency: 'USD', weekStart: 6, conversion });
    expect(settingsFromStorage({ displayCurrency: 'XYZ' }, defaults)).toEqual(defaults);
  });

  it('keeps a damaged conversion block out, and the rest of the settings in', () => {
    const custom = { ...conversion, basis: 'custom', customRate: { minor: 129, coins: 100, currency: 'USD', asOf: '2026-11-30' } };
    expect(settingsFromStorage({ displayCurrency: 'EUR', conversion: custom }, defaultSettings('en-US')).conversion).toEqual(custom);
    expect(settingsFromStorage({ displayCurrency: 'EUR', conversion: { ...custom, basis: 'cheapest' } }, defaultSettings('en-US')))
      .toMatchObject({ displayCurrency: 'EUR', conversion });
    expect(settingsPatchSchema({ conversion: { ...conversion, exchangeRates: [{ from: 'VND', to: 'USD', fromMinor: 0, toMinor: 1, asOf: 'x' }] } }, 'patch'))
      .toMatchObject({ ok: false, reason: expect.stringContaining('patch.conversion.exchangeRates[0].fromMinor') });
  });

  it('accepts only known currencies and week starts in an update', () => {
    expect(settingsPatchSchema({ displayCurrency: 'VND', weekStart: 0 }, 'patch')).toEqual({ ok: true, value: { displayCurrency: 'VND', weekStart: 0 } });
    expect(settingsPatchSchema({ weekStart: 2 }, 'patch')).toMatchObject({ ok: false, reason: expect.stringContaining('patch.weekStart') });
    expect(settingsPatchSchema({ displayCurrency: 'usd' }, 'patch')).toMatchObject({ ok: false, reason: expect.stringContaining('ISO 4217') });
  });
});
