/**
 * gzip inflation with the platform's DecompressionStream (Node 20, Chrome, Firefox), bounded: a frame is a few KB, so
 * a payload inflating past MAX_INFLATED_BYTES is not one (a corrupt or hostile stream), and the worker stops reading
 * it instead of holding it in memory.
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

export class InflatedTooLarge extends Error {}

/** Rejects on corrupt input, and with InflatedTooLarge past `maxBytes`. */
export async function gunzip(bytes: Uint8Array, maxBytes = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  // DecompressionStream alone (no Blob or Response, which core does not use): write the bytes, read what comes out.
  // The writer's promises reject too on corrupt input; the reader reports it, so theirs are caught and dropped.
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new InflatedTooLarge(`a gzip payload inflating past ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
