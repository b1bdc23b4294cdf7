/**
 * The first line of defence of a restore: bytes → text → JSON values, under limits, so a hostile or broken file costs
 * bounded memory and gives a clear reason. Nothing here trusts the file: sizes are counted before anything is kept,
 * nesting depth and string lengths are measured by a linear scan before JSON.parse sees the text, and text must be
 * valid UTF-8 (a UTF-8 byte order mark is accepted and dropped; UTF-16 and UTF-32 are refused by name).
 */
export interface ReadLimits {
  /** Largest file read at all (NDJSON is streamed line by line up to this size). */
  maxBytes: number;
  /** Largest JSON (not NDJSON) file: it is parsed as one value, so it must fit in memory. */
  maxJsonBytes: number;
  /**
   * Longest NDJSON line, in characters. A row is a few hundred characters, except a hand-entered purchase's `explains`
   * list: up to MAX_EXPLAINS (1000) items of at most ~1,300 characters each (a 200-character id, escaped), so ~1.3 M.
   */
  maxLineChars: number;
  /** Deepest nesting of arrays and objects (a JSON export needs 5: an explains item in a row; an NDJSON line 4 with settings). */
  maxDepth: number;
  /** Longest string anywhere in the file (the ledger's longest field is 500; settings' 32). */
  maxStringChars: number;
  /** Most entry + balance records in one file. */
  maxRecords: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxJsonBytes: 64 * 1024 ** 2,
  maxLineChars: 2 * 1024 ** 2,
  maxDepth: 8,
  maxStringChars: 1000,
  maxRecords: 5_000_000,
};

/** A refusal: the first problem found, where it is, and why. */
export class RestoreError extends Error {
  constructor(message: string, readonly where: { line?: number; record?: number; id?: string } = {}) {
    super(message);
    this.name = 'RestoreError';
  }
}

export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function refuseForeignEncoding(head: Uint8Array): void {
  const [a, b, c, d] = head;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) throw new RestoreError('the file is UTF-16 text; Coinsight exports are UTF-8');
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) throw new RestoreError('the file is UTF-32 text; Coinsight exports are UTF-8');
  if (a === 0x1f && b === 0x8b) throw new RestoreError('the file is gzip-compressed; unpack it first');
  if (a === 0x50 && b === 0x4b) throw new RestoreError('the file is a ZIP archive; unpack it and choose the .json or .ndjson inside');
}

/** The source's bytes with the first chunk at least 4 bytes long (when the file is), so its signature can be read. */
async function* withHead(source: ByteSource): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let headDone = false;
  for await (const chunk of chunksOf(source)) {
    if (headDone) {
      yield chunk;
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length >= 4) {
      headDone = true;
      yield head;
    }
  }
  if (!headDone && head.length > 0) yield head;
}

/** Decoded text in pieces, never more than `maxBytes` in total; invalid UTF-8 is an error, not a replacement char. */
export async function* textOf(source: ByteSource, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let total = 0;
  let first = true;
  for await (let chunk of withHead(source)) {
    total += chunk.length;
    if (total > maxBytes) throw new RestoreError(`the file is larger than ${maxBytes} bytes, the most a restore reads`);
    if (first) {
      refuseForeignEncoding(chunk);
      if (UTF8_BOM.every((byte, i) => chunk[i] === byte)) chunk = chunk.subarray(3);
      first = false;
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new RestoreError(`the file is not valid UTF-8 text (around byte ${total - chunk.length})`);
    }
  }
  try {
    yield decoder.decode();
  } catch {
    throw new RestoreError('the file ends in the middle of a UTF-8 character (truncated?)');
  }
}

/** Lines of text (LF or CRLF), each at most `maxLineChars`, numbered from 1. */
export async function* linesOf(pieces: AsyncIterable<string>, maxLineChars: number): AsyncGenerator<{ line: number; text: string }> {
  let pending = '';
  let line = 0;
  for await (const piece of pieces) {
    pending += piece;
    let start = 0;
    let end: number;
    while ((end = pending.indexOf('\n', start)) !== -1) {
      line++;
      if (end - start > maxLineChars + 1) throw new RestoreError(`line ${line} is longer than ${maxLineChars} characters`, { line });
      yield { line, text: pending.slice(start, end).replace(/\r$/, '') };
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) throw new RestoreError(`line ${line + 1} is longer than ${maxLineChars} characters`, { line: line + 1 });
  }
  if (pending.length > 0) yield { line: line + 1, text: pending.replace(/\r$/, '') };
}

/**
 * Measures nesting depth and string lengths outside JSON.parse, in one linear pass that can be fed piece by piece,
 * so a file of 100,000 `[` or a gigantic string is refused before it is even gathered, let alone parsed.
 */
export class JsonShapeScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private stringChars = 0;
  private offset = 0;
  constructor(private readonly limits: Pick<ReadLimits, 'maxDepth' | 'maxStringChars'>) {}

  /** The reason the text so far breaks a limit, or null. */
  feed(text: string): string | null {
    const { maxDepth, maxStringChars } = this.limits;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        if (this.inString && ++this.stringChars > maxStringChars) return `a string longer than ${maxStringChars} characters (at character ${this.offset + i})`;
      } else if (c === 34) {
        this.inString = true;
        this.stringChars = 0;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (++this.depth > maxDepth) return `nesting deeper than ${maxDepth} levels (at character ${this.offset + i})`;
      } else if (c === 125 || c === 93) {
        this.depth--;
      }
    }
    this.offset += text.length;
    return null;
  }
}

export function scanJsonText(text: string, limits: Pick<ReadLimits, 'maxDepth' | 'maxStringChars'>): string | null {
  return new JsonShapeScanner(limits).feed(text);
}

/** JSON.parse behind the scan; the parser's own message is kept short. */
export function parseJsonText(text: string, limits: Pick<ReadLimits, 'maxDepth' | 'maxStringChars'>, where: string): unknown {
  const problem = scanJsonText(text, limits);
  if (problem) throw new RestoreError(`${where}: ${problem}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'invalid JSON';
    throw new RestoreError(`${where} is not valid JSON (${detail})`);
  }
}

/** Names what the file looks like when it is not one of Coinsight's JSON or NDJSON exports. */
export function describeForeignStart(text: string): string | null {
  const start = text.trimStart();
  if (start.length === 0) return 'the file is empty';
  if (start.startsWith('{')) return null;
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (/^[\w" ]+(,[\w" ]*)+\r?$/.test(firstLine)) {
    return 'the file is CSV (a renamed CSV export?): CSV exports are for analysis; restore reads Coinsight JSON or NDJSON exports';
  }
  if (start.startsWith('[')) return 'the file is a JSON array, not a Coinsight export (which is a JSON object)';
  return 'the file is not a Coinsight export: it does not start with a JSON object';
}
