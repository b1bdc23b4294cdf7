/**
 * Checks a capture from the tap field by field before anything parses it: the tap shares the page's world, so what
 * it hands over is untrusted. Hand-written rather than built from core/schema, which the relay would otherwise bundle
 * for this one check (about 0.5 KB gzipped of the content scripts' 12 KB, measured with bench/size.js).
 */
import type { CapturedExchange, TrackedEndpoint } from '../../core/tiktok/contracts';
import { MAX_CAPTURE_CHARS } from '../tap-channel';

const ENDPOINTS: readonly unknown[] = ['gift-send', 'gift-list', 'wallet-balance'] satisfies TrackedEndpoint[];
/** The latest time a Date can hold: the ledger's bound on times. */
const MAX_AT = 8_640_000_000_000_000;
const REQUIRED = 0;
const NULLABLE = 1;
const OPTIONAL = 2;

/** Each field of a capture: its type (string, whole number ≥ 0, boolean), its upper bound, and whether it may be absent. */
const FIELDS: readonly [keyof CapturedExchange, 's' | 'i' | 'b', number, number][] = [
  ['url', 's', 8192, REQUIRED],
  ['method', 's', 16, REQUIRED],
  ['status', 'i', 999, REQUIRED],
  ['requestBody', 's', 65_536, NULLABLE],
  ['responseText', 's', MAX_CAPTURE_CHARS, NULLABLE],
  // Whole epoch ms, as the tap rounds its clock (performance.timeOrigin + performance.now()).
  ['at', 'i', MAX_AT, REQUIRED],
  ['sentAt', 'i', MAX_AT, OPTIONAL],
  ['pageUrl', 's', 8192, OPTIONAL],
  ['raced', 'b', 0, OPTIONAL],
];

/** The path of the first field missing, mistyped or out of bounds ("exchange.status"), or null when the capture is sound. */
export function malformedField(exchange: unknown): string | null {
  if (typeof exchange !== 'object' || exchange === null) return 'exchange';
  const record = exchange as Record<string, unknown>;
  if (!ENDPOINTS.includes(record.endpoint)) return 'exchange.endpoint';
  for (const [key, type, max, absence] of FIELDS) {
    const value = record[key];
    if (absence === NULLABLE ? value === null : absence === OPTIONAL && value === undefined) continue;
    const sound = type === 's' ? typeof value === 'string' && value.length <= max
      : type === 'i' ? Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max
        : typeof value === 'boolean';
    if (!sound) return `exchange.${key}`;
  }
  return null;
}
