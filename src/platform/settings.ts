/**
 * User settings: kept in storage.local under one typed key, written only by the background on a message from an
 * extension page (so a future parental lock has exactly one door to guard). Every context may read them.
 */
import { isCurrencyCode } from '../core/money';
import type { WeekStart } from '../core/periods';
import { integer, nullable, object, oneOf, optional, string, type Check } from '../core/schema';
import type { BasisChoice, CustomRate, DiamondRate, ExchangeRate } from '../core/conversion';

export interface Settings {
  /** ISO 4217 code in which conversions are shown. Recharges keep the currency they were paid in. */
  displayCurrency: string;
  /** First day of the week for "this week": 0 Sunday, 1 Monday, 6 Saturday. */
  weekStart: WeekStart;
  /** How estimates are made (issue 8): which basis prices coins of unknown price, and the user's own rates. */
  conversion: ConversionSettings;
}

export interface ConversionSettings {
  /** The basis the user chose for estimates; core/conversion.ts resolveBasis says what is used when it cannot apply. */
  basis: BasisChoice;
  /** A coin rate the user typed (used when `basis` is 'custom'). */
  customRate: CustomRate | null;
  /** The user's diamond value (what a diamond is worth to the creator); null = the reported default. */
  diamondRate: DiamondRate | null;
  /**
   * Exchange rates the user typed, each into the display currency. A combined total in the display currency is
   * shown only for currencies listed here, and always labelled estimated with the rate's date.
   */
  exchangeRates: ExchangeRate[];
}

export const SETTINGS_KEY = 'settings';
/** storage.session key where the background notes when it started (and, on Firefox, when it was suspended). */
export const LIFECYCLE_KEY = 'workerLifecycle';

export function defaultSettings(locale = typeof navigator === 'undefined' ? 'en-US' : navigator.language): Settings {
  return {
    displayCurrency: defaultCurrencyFor(locale),
    weekStart: defaultWeekStartFor(locale),
    conversion: { basis: 'your-purchases', customRate: null, diamondRate: null, exchangeRates: [] },
  };
}

const currencyByRegion: Record<string, string> = {
  US: 'USD', GB: 'GBP', ID: 'IDR', BR: 'BRL', VN: 'VND', MX: 'MXN', ES: 'EUR', DE: 'EUR', FR: 'EUR', IT: 'EUR',
  PH: 'PHP', TH: 'THB', MY: 'MYR', TR: 'TRY', IN: 'INR', JP: 'JPY', KR: 'KRW', CA: 'CAD', AU: 'AUD', AR: 'ARS', CO: 'COP',
};

function defaultCurrencyFor(locale: string): string {
  const region = safeLocale(locale)?.maximize().region;
  return (region && currencyByRegion[region]) ?? 'USD';
}

function defaultWeekStartFor(locale: string): WeekStart {
  const info = safeLocale(locale) as (Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } }) | null;
  const firstDay = info?.getWeekInfo?.().firstDay ?? info?.weekInfo?.firstDay; // Intl: 1 = Monday … 7 = Sunday
  if (firstDay === 7) return 0;
  if (firstDay === 6) return 6;
  return 1;
}

function safeLocale(locale: string): Intl.Locale | null {
  try {
    return new Intl.Locale(locale);
  } catch {
    return null;
  }
}

const weekStart: Check<WeekStart> = (value, path) =>
  value === 0 || value === 1 || value === 6 ? { ok: true, value } : { ok: false, reason: `${path}: expected 0 (Sunday), 1 (Monday) or 6 (Saturday)` };
const currency: Check<string> = (value, path) =>
  isCurrencyCode(value) && supportedCurrency(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected an ISO 4217 currency code` };

function supportedCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return typeof Intl.supportedValuesOf !== 'function' || Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

const positive = integer(1, 1e12);
const asOf = string(32);
const customRate: Check<CustomRate> = object({ minor: positive, coins: positive, currency, asOf });
const diamondRate: Check<DiamondRate> = object({ minor: positive, diamonds: positive, currency, asOf });
const exchangeRate: Check<ExchangeRate> = object({ from: currency, to: currency, fromMinor: positive, toMinor: positive, asOf });
const exchangeRates: Check<ExchangeRate[]> = (value, path) => {
  if (!Array.isArray(value) || value.length > 50) return { ok: false, reason: `${path}: expected at most 50 exchange rates` };
  const out: ExchangeRate[] = [];
  for (const [index, item] of value.entries()) {
    const checked = exchangeRate(item, `${path}[${index}]`);
    if (!checked.ok) return checked;
    out.push(checked.value);
  }
  return { ok: true, value: out };
};
const basisChoice = oneOf(['your-purchases', 'web-package', 'web-custom', 'app-package', 'custom'] as const);
const conversionSchema: Check<ConversionSettings> = object({
  basis: basisChoice, customRate: nullable(customRate), diamondRate: nullable(diamondRate), exchangeRates,
});

export const settingsPatchSchema = object({ displayCurrency: optional(currency), weekStart: optional(weekStart), conversion: optional(conversionSchema) });
export type SettingsPatch = Partial<Settings>;

/** Reads stored settings leniently: a damaged or partial value falls back field by field, never throws. */
export function settingsFromStorage(stored: unknown, defaults: Settings = defaultSettings()): Settings {
  const patch = settingsPatchSchema(stored ?? {}, 'settings');
  if (patch.ok) return { ...defaults, ...patch.value };
  const out = { ...defaults };
  if (typeof stored === 'object' && stored !== null) {
    const record = stored as Record<string, unknown>;
    const c = currency(record.displayCurrency, '');
    if (c.ok) out.displayCurrency = c.value;
    const w = weekStart(record.weekStart, '');
    if (w.ok) out.weekStart = w.value;
    const c2 = conversionSchema(record.conversion, '');
    if (c2.ok) out.conversion = c2.value;
  }
  return out;
}
