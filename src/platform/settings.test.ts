import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsFromStorage, settingsPatchSchema } from './settings';

describe('settings', () => {
  it('defaults follow the locale: currency by region, week start by the locale week', () => {
    expect(defaultSettings('en-US')).toEqual({ displayCurrency: 'USD', weekStart: 0 });
    expect(defaultSettings('id-ID')).toMatchObject({ displayCurrency: 'IDR' });
    expect(defaultSettings('pt-BR')).toMatchObject({ displayCurrency: 'BRL' });
    expect(defaultSettings('de-DE')).toEqual({ displayCurrency: 'EUR', weekStart: 1 });
    expect(defaultSettings('not a locale!')).toEqual({ displayCurrency: 'USD', weekStart: 1 });
  });

  it('reads damaged stored settings field by field, never throwing', () => {
    const defaults = { displayCurrency: 'USD', weekStart: 1 } as const;
    expect(settingsFromStorage(undefined, defaults)).toEqual(defaults);
    expect(settingsFromStorage('garbage', defaults)).toEqual(defaults);
    expect(settingsFromStorage({ displayCurrency: 'EUR', weekStart: 3 }, defaults)).toEqual({ displayCurrency: 'EUR', weekStart: 1 });
    expect(settingsFromStorage({ displayCurrency: 'euro', weekStart: 6 }, defaults)).toEqual({ displayCurrency: 'USD', weekStart: 6 });
    expect(settingsFromStorage({ displayCurrency: 'XYZ' }, defaults)).toEqual(defaults);
  });

  it('accepts only known currencies and week starts in an update', () => {
    expect(settingsPatchSchema({ displayCurrency: 'VND', weekStart: 0 }, 'patch')).toEqual({ ok: true, value: { displayCurrency: 'VND', weekStart: 0 } });
    expect(settingsPatchSchema({ weekStart: 2 }, 'patch')).toMatchObject({ ok: false, reason: expect.stringContaining('patch.weekStart') });
    expect(settingsPatchSchema({ displayCurrency: 'usd' }, 'patch')).toMatchObject({ ok: false, reason: expect.stringContaining('ISO 4217') });
  });
});
