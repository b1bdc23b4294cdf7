/**
 * A page of rows handed on as text in chunks of about CHUNK_CHARS, not as one string per page.
 *
 * Why: a page of 2,000 rows (the page size when this was measured) is 0.5–2 MB of text. Built as one string, it is
 * flattened into a fresh allocation in V8's large-object space when it is encoded, and fresh memory is expensive: a
 * 1,000,000-entry NDJSON export spent more time in that flattening than in JSON.stringify (docs/PERFORMANCE.md,
 * section 4). Chunks of 32 K characters stay in the young generation, whose memory is reused. Each chunk is one
 * `yield`, ~30,000 per million rows: nothing next to the rows.
 */
export const CHUNK_CHARS = 1 << 15;

/** `line(item)` for each item, joined into chunks of at least CHUNK_CHARS characters (the last may be shorter). */
export function* inChunks<T>(items: Iterable<T>, line: (item: T) => string): Generator<string, void, undefined> {
  let chunk = '';
  for (const item of items) {
    chunk += line(item);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
