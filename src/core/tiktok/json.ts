/**
 * Small shared helpers for the TikTok parsers: JSON that keeps TikTok's 64-bit ids intact, the common
 * `{status_code, data, extra}` envelope, and tolerant field readers. Pure, dependency-free, never throws.
 */
import type { CapturedExchange, Refused, Unrecognised } from './contracts';

export type JsonObject = Record<string, unknown>;

/** Largest response body any parser looks at (characters). Bigger bodies are 'unrecognised', never parsed. */
export const MAX_RESPONSE_CHARS = 4 * 1024 * 1024;

/** Longest TikTok message copied into a refusal reason. */
export const MAX_REASON_CHARS = 100;

/**
 * Rewrites integer literals that a double cannot hold exactly (TikTok's order, msg, room and user ids
 * are 64-bit) into JSON strings, so JSON.parse keeps every digit. Only tokens outside string literals
 * are touched; fractions and exponents are left alone. Linear, and a no-op when no 16-digit run exists.
 */
export function quoteUnsafeIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) { i++; break; }
        else i++;
      }
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        // digits . e E + -
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      if (i - start >= 16) {
        const token = text.slice(start, i);
        if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
          out += `${text.slice(last, start)}"${token}"`;
          last = i;
        }
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** JSON.parse that never throws and keeps unsafe integers as digit strings. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(quoteUnsafeIntegers(text)) as unknown };
  } catch {
    return { ok: false };
  }
}

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A safe integer in [min, max], from a JSON number or a plain digit string; otherwise null. */
export function safeInt(value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) n = Number(value);
  else return null;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * A TikTok id as a digit string: from a digit string (any length up to `maxLength`, so 64-bit ids
 * survive) or a safe non-negative integer. Zero and empty mean "absent" and give null.
 */
export function idString(value: unknown, maxLength = 64): string | null {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) text = String(value);
  else return null;
  if (text.length === 0 || text.length > maxLength || !/^\d+$/.test(text) || /^0+$/.test(text)) return null;
  return text;
}

/** A non-empty trimmed string no longer than maxLength (longer ones are cut), or null. */
export function text(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > maxLength ? trimmed.slice(0, maxLength) : trimmed;
}

/** Reason text taken from TikTok's own message: one line, control characters removed, capped. */
export function reasonText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean.length === 0) return null;
  return clean.length > MAX_REASON_CHARS ? clean.slice(0, MAX_REASON_CHARS) : clean;
}

export function isExchange(value: unknown): value is CapturedExchange {
  const e = asObject(value);
  return (
    e !== null &&
    typeof e.url === 'string' &&
    typeof e.status === 'number' &&
    (typeof e.responseText === 'string' || e.responseText === null) &&
    (typeof e.requestBody === 'string' || e.requestBody === null || e.requestBody === undefined) &&
    typeof e.at === 'number' &&
    Number.isFinite(e.at)
  );
}

export type Envelope = { outcome: 'envelope'; root: JsonObject; data: JsonObject | null };

/**
 * Reads TikTok's `{status_code, data, extra}` envelope shared by every webcast endpoint.
 * - status 0 (network failure, abort) or a non-2xx HTTP status → refused (no statusCode: that field is
 *   reserved for TikTok's own status_code);
 * - no body, too large, not JSON (including truncated), not an object, no numeric status_code → unrecognised;
 * - status_code ≠ 0 → refused with statusCode and TikTok's message (data.message, else a generic text).
 * Reasons of 'unrecognised' name what was wrong, never the body's content.
 */
export function readEnvelope(exchange: unknown, label: string, maxChars = MAX_RESPONSE_CHARS): Envelope | Refused | Unrecognised {
  if (!isExchange(exchange)) return { outcome: 'unrecognised', reason: `${label}: malformed exchange` };
  const { status, responseText } = exchange;
  if (status === 0) return { outcome: 'refused', reason: `${label}: network error or aborted` };
  if (!(status >= 200 && status <= 299)) return { outcome: 'refused', reason: `${label}: HTTP ${status}` };
  if (responseText === null) return { outcome: 'unrecognised', reason: `${label}: no response body` };
  if (responseText.length > maxChars) return { outcome: 'unrecognised', reason: `${label}: response too large` };
  if (responseText.trim().length === 0) return { outcome: 'unrecognised', reason: `${label}: response is empty` };
  const parsed = parseJson(responseText);
  if (!parsed.ok) return { outcome: 'unrecognised', reason: `${label}: response is not JSON` };
  const root = asObject(parsed.value);
  if (!root) return { outcome: 'unrecognised', reason: `${label}: response is not an object` };
  const statusCode = root.status_code;
  if (typeof statusCode !== 'number' || !Number.isSafeInteger(statusCode)) {
    return { outcome: 'unrecognised', reason: `${label}: response has no numeric status_code` };
  }
  const data = asObject(root.data);
  if (statusCode !== 0) {
    const message = reasonText(data?.message) ?? reasonText(data?.prompts) ?? `${label}: status_code ${statusCode}`;
    return { outcome: 'refused', reason: message, statusCode };
  }
  return { outcome: 'envelope', root, data };
}

/** True when the host is tiktok.com or one of its subdomains (already lower-cased by URL). */
export function isTikTokHost(hostname: string): boolean {
  return hostname === 'tiktok.com' || hostname.endsWith('.tiktok.com');
}
