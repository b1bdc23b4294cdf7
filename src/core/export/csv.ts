/**
 * CSV per RFC 4180: UTF-8, a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled). Empty cell = not applicable or unknown. Entries only: metadata and the summary go in a sidecar
 * (`csvSidecar`), since CSV has no place for them that every reader would skip.
 *
 * Formula-injection guard: a text cell whose first character is = + - @ TAB or CR would run as a formula when the
 * file is opened in a spreadsheet; it is written with a leading apostrophe (`'=cmd`). Numbers, booleans and the
 * timestamp columns are never touched. JSON and NDJSON carry text unchanged. The one list column (`explains`) is
 * written as its JSON text, which starts with `[`. See docs/export-schema.md.
 */
import type { EntryColumn } from './fields';
import { buildMetadata, emptySummary, type ExportMetadata, type ExportRequest, type ExportSummary } from './metadata';
import { includedColumns } from './policy';
import { entryRowPages, type ExportSource } from './records';
import type { Cell, EntryRow } from './rows';
import { inChunks } from './text-chunks';

const TIMESTAMP_COLUMNS: ReadonlySet<string> = new Set(['at', 'sent_at']);
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell | undefined, column?: string): string {
  return cell(value, column === undefined || !TIMESTAMP_COLUMNS.has(column));
}

/** One cell; `guard`: whether a text may need the formula guard (every text column but the timestamps). */
function cell(value: Cell | undefined, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return cell(JSON.stringify(value), guard); // the explains list, as JSON text
  if (typeof value !== 'string') return String(value);
  const guarded = guard && startsLikeFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** = + - @ TAB CR first (FORMULA_START), by character code: this runs for every text cell of a million rows. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One row's line. The cells go into one array reused for every row and are joined once: the line is then a single flat
 * string, where adding cell after cell (`line += …`) left a rope of ~90 small strings per row to collect.
 */
function csvLines(columns: readonly EntryColumn[]): (row: Partial<EntryRow>) => string {
  const guards = columns.map((column) => !TIMESTAMP_COLUMNS.has(column));
  const cells: string[] = new Array<string>(columns.length).fill('');
  return (row) => {
    for (let i = 0; i < columns.length; i++) cells[i] = cell(row[columns[i]!], guards[i]!);
    return `${cells.join(',')}\r\n`;
  };
}

/** Streams the CSV: one string for the header, then the rows in chunks (text-chunks.ts). Returns the summary when done. */
export async function* csvExport(source: ExportSource, request: ExportRequest): AsyncGenerator<string, ExportSummary> {
  const columns = includedColumns(request.policy);
  const summary = emptySummary();
  const line = csvLines(columns);
  yield `${columns.join(',')}\r\n`;
  for await (const rows of entryRowPages(source.entries, columns, request, summary, source.costs)) {
    yield* inChunks(rows, line);
  }
  return summary;
}

/** The metadata and summary of a CSV export, saved beside it (`<name>.meta.json`): same shape as the JSON export's. */
export async function csvSidecar(request: ExportRequest, summary: ExportSummary): Promise<string> {
  const metadata: ExportMetadata = await buildMetadata(request, { balances: false, settings: false, limits: false });
  return `${JSON.stringify({ metadata, summary }, null, 2)}\n`;
}
