/**
 * JSON and NDJSON exports, streamed page by page.
 *
 * JSON: one object whose keys come in a fixed order, so it can be written (and read) front to back:
 *   {"metadata":{…},"settings":{…}?,"limits":[ rule, … ]?,"entries":[ row, … ],"balances":[ row, … ]?,"summary":{…}}
 * The summary (counts) comes last because it is known only at the end. One row per line, for readable diffs.
 *
 * NDJSON: one JSON object per line, each with a `type`: a `metadata` line first, then `settings` and `limits` (backups),
 * `entry` and `balance` lines, and a `summary` line last. A file without its summary line was cut short.
 */
import { buildMetadata, emptySummary, type ExportRequest, type ExportSummary } from './metadata';
import { includedColumns } from './policy';
import { balanceRowPages, entryRowPages, type ExportSource } from './records';
import { inChunks } from './text-chunks';

/** `{"type":…,` + the row's own JSON: the same text as spreading the row into a new object, without the copy. */
function typedLine(type: 'entry' | 'balance', rowJson: string): string {
  return rowJson === '{}' ? `{"type":"${type}"}\n` : `{"type":"${type}",${rowJson.slice(1)}\n`;
}

function contentsOf(source: ExportSource) {
  return { balances: source.balances !== undefined, settings: source.settings !== undefined, limits: source.limits !== undefined };
}

export async function* jsonExport(source: ExportSource, request: ExportRequest): AsyncGenerator<string, ExportSummary> {
  const columns = includedColumns(request.policy);
  const summary = emptySummary();
  const metadata = await buildMetadata(request, contentsOf(source));
  let head = `{"metadata":${JSON.stringify(metadata)},\n`;
  if (source.settings !== undefined) head += `"settings":${JSON.stringify(source.settings)},\n`;
  if (source.limits !== undefined) head += `"limits":${JSON.stringify(source.limits)},\n`;
  yield `${head}"entries":[`;
  yield* arrayItems(entryRowPages(source.entries, columns, request, summary, source.costs));
  yield '\n],\n';
  if (source.balances !== undefined) {
    yield '"balances":[';
    yield* arrayItems(balanceRowPages(source.balances, request, summary));
    yield '\n],\n';
  }
  yield `"summary":${JSON.stringify(summary)}}\n`;
  return summary;
}

/** The items of a JSON array in chunks (text-chunks.ts), each on its own line (the brackets are the caller's). */
export async function* arrayItems(pages: AsyncIterable<Iterable<object>>): AsyncGenerator<string> {
  let first = true;
  const item = (row: object) => {
    const text = `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
    first = false;
    return text;
  };
  for await (const rows of pages) yield* inChunks(rows, item);
}

export async function* ndjsonExport(source: ExportSource, request: ExportRequest): AsyncGenerator<string, ExportSummary> {
  const columns = includedColumns(request.policy);
  const summary = emptySummary();
  const metadata = await buildMetadata(request, contentsOf(source));
  let head = `${JSON.stringify({ type: 'metadata', ...metadata })}\n`;
  if (source.settings !== undefined) head += `${JSON.stringify({ type: 'settings', settings: source.settings })}\n`;
  if (source.limits !== undefined) head += `${JSON.stringify({ type: 'limits', limits: source.limits })}\n`;
  yield head;
  for await (const rows of entryRowPages(source.entries, columns, request, summary, source.costs)) {
    yield* inChunks(rows, (row) => typedLine('entry', JSON.stringify(row)));
  }
  if (source.balances !== undefined) {
    for await (const rows of balanceRowPages(source.balances, request, summary)) {
      yield* inChunks(rows, (row) => typedLine('balance', JSON.stringify(row)));
    }
  }
  yield `${JSON.stringify({ type: 'summary', ...summary })}\n`;
  return summary;
}
