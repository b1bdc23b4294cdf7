/**
 * Restore: a Coinsight JSON or NDJSON export read back, validated COMPLETELY before the caller writes anything.
 * `backupItems` is a generator of validated items that throws a RestoreError naming the first bad record and why;
 * the worker runs it once to validate (keeping nothing) and once more to write in batches, so a million entries
 * restore in flat memory and a bad last line still means nothing was written. `readBackup` collects everything, for
 * small files and tests. Duplicate ids are fine when the content is the same (kept once) and refused when it differs.
 */
import type { BalanceObservation, LedgerEntry } from '../ledger';
import type { LimitRule } from '../limits';
import type { Check } from '../schema';
import type { ExportMetadata, ExportSummary } from './metadata';
import { limitsFrom } from './restore-limits';
import { checkRestorableMetadata, checkSummary, rowToBalance, rowToEntry, strictKeys } from './restore-records';
import {
  DEFAULT_READ_LIMITS, JsonShapeScanner, RestoreError, describeForeignStart, linesOf, parseJsonText, textOf, type ByteSource, type ReadLimits,
} from './restore-input';

export type BackupItem<S> =
  | { type: 'metadata'; metadata: ExportMetadata }
  | { type: 'settings'; settings: S }
  | { type: 'limits'; limits: LimitRule[] }
  | { type: 'entry'; entry: LedgerEntry }
  | { type: 'balance'; balance: BalanceObservation }
  | { type: 'summary'; summary: ExportSummary };

export interface BackupContent<S> {
  metadata: ExportMetadata;
  settings: S | null;
  /** null when the file has no limits block (schema version 2 or 3, or a backup made without them). */
  limits: LimitRule[] | null;
  entries: LedgerEntry[];
  balances: BalanceObservation[];
  summary: ExportSummary;
}

export interface RestoreOptions<S> {
  /** The settings schema (platform/settings.ts `settingsPatchSchema`); core does not know the settings shape. */
  checkSettings: Check<S>;
  limits?: Partial<ReadLimits>;
}

/** A fast 53-bit content fingerprint (cyrb53): tells "same record again" from "same id, other content" in little memory. */
function fingerprint(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Counts records, refuses conflicting duplicates, and drops identical repeats. */
class RecordTally {
  private readonly seen = new Map<string, number>();
  records = 0;
  entries = 0;
  balances = 0;
  constructor(private readonly maxRecords: number) {}

  /** true when the record is new, false for an identical repeat; throws on a conflict. */
  admit(kind: 'entry' | 'balance', id: string, record: object, where: { line?: number; record: number }): boolean {
    if (++this.records > this.maxRecords) throw new RestoreError(`the file holds more than ${this.maxRecords} records`, where);
    const key = `${kind}\u001f${id}`;
    const print = fingerprint(JSON.stringify(record));
    const before = this.seen.get(key);
    if (before === undefined) {
      this.seen.set(key, print);
      if (kind === 'entry') this.entries++;
      else this.balances++;
      return true;
    }
    if (before === print) return false;
    throw new RestoreError(`${where.line ? `line ${where.line}` : `record ${where.record}`}: the id "${id.slice(0, 80)}" appears twice with different content`, { ...where, id });
  }
}

const at = (where: { line?: number; record?: number; id?: string }) =>
  [where.line ? `line ${where.line}` : where.record ? `record ${where.record}` : '', where.id ? `id "${where.id.slice(0, 80)}"` : '']
    .filter(Boolean).join(', ');

function idOf(row: unknown): string | undefined {
  const id = typeof row === 'object' && row !== null ? (row as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function wrap<T>(where: { line?: number; record?: number; id?: string }, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const place = at(where);
    throw new RestoreError(place ? `${place}: ${message}` : message, where);
  }
}

function entryFrom(row: unknown, where: { line?: number; record: number }, extra: readonly string[]): LedgerEntry {
  const id = idOf(row);
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new RestoreError(`${at(where)}: the entry is not a JSON object`, where);
  const result = rowToEntry(row as Record<string, unknown>, extra);
  if (!result.ok) throw new RestoreError(`${at({ ...where, id })}: ${result.reason}`, { ...where, id });
  return result.entry;
}

function balanceFrom(row: unknown, where: { line?: number; record: number }, extra: readonly string[]): BalanceObservation {
  const id = idOf(row);
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new RestoreError(`${at(where)}: the balance is not a JSON object`, where);
  const result = rowToBalance(row as Record<string, unknown>, extra);
  if (!result.ok) throw new RestoreError(`${at({ ...where, id })}: ${result.reason}`, { ...where, id });
  return result.balance;
}

function settingsFrom<S>(value: unknown, check: Check<S>, where: { line?: number }): S {
  const result = check(value, 'settings');
  if (!result.ok) throw new RestoreError(`${at(where) ? `${at(where)}: ` : ''}${result.reason}`, where);
  return result.value;
}

/** A limits block only where the metadata says there is one (schema version 4 on: contents.limits true). */
function limitsOf(metadata: ExportMetadata | null, value: unknown): LimitRule[] {
  if (!metadata?.contents.limits) throw new Error(`the file holds limits its metadata does not announce (schema version ${metadata?.schemaVersion}, contents.limits ${String(metadata?.contents.limits)})`);
  return limitsFrom(value);
}

function summaryMatches(summary: ExportSummary, tally: RecordTally, where: { line?: number }): void {
  if (summary.entries !== tally.entries || summary.balances !== tally.balances) {
    throw new RestoreError(
      `the summary says ${summary.entries} entries and ${summary.balances} balances, the file holds ${tally.entries} and ${tally.balances}: it is incomplete or was edited`,
      where,
    );
  }
}

/** Validated items of a backup, in file order; throws RestoreError at the first problem. */
export async function* backupItems<S>(source: ByteSource, options: RestoreOptions<S>): AsyncGenerator<BackupItem<S>> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const pieces = textOf(source, limits.maxBytes);
  // Read just enough to see the first non-blank line: it tells NDJSON (a `{"type":…}` line) from JSON.
  // (next() by hand: breaking out of a for-await would close the generator and lose the rest of the file.)
  let head = '';
  while (!head.trimStart().includes('\n') && head.length <= limits.maxLineChars) {
    const piece = await pieces.next();
    if (piece.done) break;
    head += piece.value;
  }
  const foreign = describeForeignStart(head);
  if (foreign) throw new RestoreError(foreign, { line: 1 });
  const text = (async function* () {
    yield head;
    yield* pieces;
  })();
  if (/^\s*\{\s*"type"\s*:/.test(head)) yield* ndjsonItems(linesOf(text, limits.maxLineChars), options, limits);
  else yield* jsonItems(text, options, limits);
}

async function* ndjsonItems<S>(lines: AsyncIterable<{ line: number; text: string }>, options: RestoreOptions<S>, limits: ReadLimits): AsyncGenerator<BackupItem<S>> {
  const tally = new RecordTally(limits.maxRecords);
  let stage: 'metadata' | 'body' | 'balances' | 'done' = 'metadata';
  let sawLimits = false;
  let metadata: ExportMetadata | null = null;
  for await (const { line, text } of lines) {
    if (text.trim().length === 0) continue;
    if (stage === 'done') throw new RestoreError(`line ${line}: content after the summary line`, { line });
    const value = parseJsonText(text, limits, `line ${line}`);
    const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).type : undefined;
    const where = { line, record: tally.records + 1 };
    if (stage === 'metadata') {
      if (type !== 'metadata') throw new RestoreError(`line ${line}: the first line must be the metadata line`, { line });
      const { type: _type, ...rest } = value as Record<string, unknown>;
      metadata = wrap({ line }, () => checkRestorableMetadata(rest));
      yield { type: 'metadata', metadata };
      stage = 'body';
      continue;
    }
    switch (type) {
      case 'settings': {
        if (stage !== 'body' || tally.records > 0) throw new RestoreError(`line ${line}: the settings line must come right after the metadata`, { line });
        const problem = strictKeys(value, ['type', 'settings'], 'the settings line');
        if (problem) throw new RestoreError(`line ${line}: ${problem}`, { line });
        yield { type: 'settings', settings: settingsFrom((value as Record<string, unknown>).settings, options.checkSettings, { line }) };
        break;
      }
      case 'limits': {
        if (stage !== 'body' || tally.records > 0 || sawLimits) throw new RestoreError(`line ${line}: the limits line must come once, before the entry lines`, { line });
        const problem = strictKeys(value, ['type', 'limits'], 'the limits line');
        if (problem) throw new RestoreError(`line ${line}: ${problem}`, { line });
        sawLimits = true;
        yield { type: 'limits', limits: wrap({ line }, () => limitsOf(metadata, (value as Record<string, unknown>).limits)) };
        break;
      }
      case 'entry': {
        if (stage !== 'body') throw new RestoreError(`line ${line}: entry lines must come before balance lines`, { line });
        const entry = entryFrom(value, where, ['type']);
        if (tally.admit('entry', entry.id, entry, where)) yield { type: 'entry', entry };
        break;
      }
      case 'balance': {
        stage = 'balances';
        const balance = balanceFrom(value, where, ['type']);
        if (tally.admit('balance', balance.id, balance, where)) yield { type: 'balance', balance };
        break;
      }
      case 'summary': {
        const { type: _type, ...rest } = value as Record<string, unknown>;
        const summary = wrap({ line }, () => checkSummary(rest));
        summaryMatches(summary, tally, { line });
        yield { type: 'summary', summary };
        stage = 'done';
        break;
      }
      default:
        throw new RestoreError(`line ${line}: unknown line type ${JSON.stringify(type)?.slice(0, 40) ?? '(none)'}`, { line });
    }
  }
  if (stage !== 'done') throw new RestoreError('the file ends without its summary line: it was cut short (truncated)');
}

async function* jsonItems<S>(pieces: AsyncIterable<string>, options: RestoreOptions<S>, limits: ReadLimits): AsyncGenerator<BackupItem<S>> {
  // A JSON export is one value: gather it (bounded by maxJsonBytes), scan it, then parse it once.
  let text = '';
  let startChecked = false;
  const checkStart = () => {
    if (!/^\s*\{\s*"metadata"\s*:/.test(text)) {
      throw new RestoreError('the file is not a Coinsight export: a Coinsight JSON export starts with its "metadata" block');
    }
    startChecked = true;
  };
  const scanner = new JsonShapeScanner(limits);
  for await (const piece of pieces) {
    const problem = scanner.feed(piece);
    if (problem) throw new RestoreError(`the file: ${problem}`);
    text += piece;
    if (!startChecked && text.trimStart().length >= 64) checkStart();
    if (text.length > limits.maxJsonBytes) {
      throw new RestoreError(`a JSON export larger than ${limits.maxJsonBytes} bytes cannot be restored; export as NDJSON, which is read line by line`);
    }
  }
  if (!startChecked) checkStart();
  const root = parseJsonText(text, limits, 'the file');
  const problem = strictKeys(root, ['metadata', 'settings', 'limits', 'entries', 'balances', 'summary'], 'the file');
  if (problem) throw new RestoreError(problem);
  const doc = root as Record<string, unknown>;
  if (!Object.hasOwn(doc, 'metadata')) throw new RestoreError('the file has no metadata block: it is not a Coinsight export');
  const metadata = wrap({}, () => checkRestorableMetadata(doc.metadata));
  yield { type: 'metadata', metadata };
  if (Object.hasOwn(doc, 'settings')) yield { type: 'settings', settings: settingsFrom(doc.settings, options.checkSettings, {}) };
  if (Object.hasOwn(doc, 'limits')) yield { type: 'limits', limits: wrap({}, () => limitsOf(metadata, doc.limits)) };
  if (!Array.isArray(doc.entries)) throw new RestoreError('"entries" is missing or not an array');
  const tally = new RecordTally(limits.maxRecords);
  for (let i = 0; i < doc.entries.length; i++) {
    const where = { record: tally.records + 1 };
    const entry = entryFrom(doc.entries[i], where, []);
    if (tally.admit('entry', entry.id, entry, where)) yield { type: 'entry', entry };
  }
  if (Object.hasOwn(doc, 'balances')) {
    if (!Array.isArray(doc.balances)) throw new RestoreError('"balances" is not an array');
    for (const row of doc.balances) {
      const where = { record: tally.records + 1 };
      const balance = balanceFrom(row, where, []);
      if (tally.admit('balance', balance.id, balance, where)) yield { type: 'balance', balance };
    }
  }
  if (!Object.hasOwn(doc, 'summary')) throw new RestoreError('the file has no summary: it was cut short or edited');
  const summary = wrap({}, () => checkSummary(doc.summary));
  summaryMatches(summary, tally, {});
  yield { type: 'summary', summary };
}

export type RestoreResult<S> = { ok: true; content: BackupContent<S> } | { ok: false; error: RestoreError };

/** The whole validated content, or the first problem. Nothing is returned unless everything passed. */
export async function readBackup<S>(source: ByteSource, options: RestoreOptions<S>): Promise<RestoreResult<S>> {
  const content: Partial<BackupContent<S>> & { entries: LedgerEntry[]; balances: BalanceObservation[] } = { settings: null, limits: null, entries: [], balances: [] };
  try {
    for await (const item of backupItems(source, options)) {
      if (item.type === 'metadata') content.metadata = item.metadata;
      else if (item.type === 'settings') content.settings = item.settings;
      else if (item.type === 'limits') content.limits = item.limits;
      else if (item.type === 'entry') content.entries.push(item.entry);
      else if (item.type === 'balance') content.balances.push(item.balance);
      else content.summary = item.summary;
    }
  } catch (error) {
    if (error instanceof RestoreError) return { ok: false, error };
    return { ok: false, error: new RestoreError(`the file could not be read: ${error instanceof Error ? error.message : String(error)}`) };
  }
  return { ok: true, content: content as BackupContent<S> };
}
