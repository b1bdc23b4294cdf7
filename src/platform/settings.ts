/**
 * User settings: kept in storage.local under one typed key, written only by the background on a message from an
 * extension page (so a future parental lock has exactly one door to guard). Every context may read them.
 */
import { isCurrencyCode } from '../core/money';
import type { WeekStart } from '../core/periods';
import { object, optional, type Check } from '../core/schema';

export interface Settings {
  /** ISO 4217 code in which conversions are shown. Recharges keep the currency they were paid in. */
  displayCurrency: string;
  /** First day of the week for "this week": 0 Sunday, 1 Monday, 6 Saturday. */
  weekStart: WeekStart;
}

export const SETTINGS_KEY = 'settings';
/** storage.session key where the background notes when it started (and, on Firefox, when it was suspended). */
export const LIFECYCLE_KEY = 'workerLifecycle';

export function defaultSettings(locale = typeof navigator === 'undefined' ? 'en-US' : navigator.language): Settings {
  return { displayCurrency: defaultCurrencyFor(locale), weekStart: defaultWeekStartFor(locale) };
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

export const settingsPatchSchema = object({ displayCurrency: optional(currency), weekStart: optional(weekStart) });
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
  }
  return out;
}
