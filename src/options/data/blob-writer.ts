/**
 * Text gathered into a Blob in memory, the fallback where an export cannot be written to disk (file-sink.ts), without
 * the heap ever holding the file: the writers' strings are encoded as UTF-8 into one reused buffer, and each time it
 * fills, its bytes become a Blob piece (the Blob constructor copies them, so the buffer is free again at once). The
 * pieces are joined into the file's Blob at the end; the browser keeps Blob bytes outside the JavaScript heap.
 *
 * Why bytes and not the strings themselves: `new Blob([string])` encodes in the browser's own, slower way, and a
 * writer's string is a rope of row texts that must be flattened first. Encoded here with `TextEncoder.encodeInto`, an
 * export of 100,000 entries spends a sixth of the time it spent in `new Blob` (CSV 837 → 138 ms, NDJSON 3,050 →
 * 472 ms; docs/PERFORMANCE.md, section 4). Pieces of 8 MiB, measured at 1,000,000 NDJSON entries (~900 MB): 4.1 s in
 * `new Blob`; pieces of 256 KiB 12.3 s (each piece is registered with the browser); 32 MiB 3.4 s, within the noise.
 */
import type { FileSink } from './file-sink';

/** Bytes per Blob piece (also the one buffer's size). */
export const PIECE_BYTES = 8 << 20;
/** A UTF-8 character takes up to 4 bytes: a smaller buffer could never take some characters. */
const MIN_PIECE_BYTES = 4;

export class BlobWriter implements FileSink {
  private readonly encoder = new TextEncoder();
  private readonly buffer: Uint8Array<ArrayBuffer>;
  private filled = 0;
  private readonly pieces: Blob[] = [];

  constructor(pieceBytes = PIECE_BYTES) {
    if (!Number.isInteger(pieceBytes) || pieceBytes < MIN_PIECE_BYTES) throw new RangeError(`a Blob piece needs at least ${MIN_PIECE_BYTES} bytes, not ${pieceBytes}`);
    this.buffer = new Uint8Array(pieceBytes);
  }

  /** Appends the text's UTF-8 bytes (a lone surrogate becomes U+FFFD, as `new Blob([text])` writes it). */
  write(text: string): void {
    let rest = text;
    for (;;) {
      // encodeInto stops before a character that does not fit whole (a surrogate pair is never cut), so `read`
      // is always a safe place to go on from.
      const { read, written } = this.encoder.encodeInto(rest, this.buffer.subarray(this.filled));
      this.filled += written;
      if (read === rest.length) return;
      this.flush();
      rest = rest.slice(read);
    }
  }

  /** The file: every piece, in order, as one Blob of this type. The writer is empty again afterwards. */
  finish(type: string): Blob {
    this.flush();
    const blob = new Blob(this.pieces, { type });
    this.pieces.length = 0;
    return blob;
  }

  abort(): void {
    this.pieces.length = 0;
    this.filled = 0;
  }

  private flush(): void {
    if (this.filled === 0) return;
    this.pieces.push(new Blob([this.buffer.subarray(0, this.filled)]));
    this.filled = 0;
  }
}
