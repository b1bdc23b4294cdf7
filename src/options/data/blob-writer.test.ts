import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlobWriter } from './blob-writer';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
/** What the browser would store for these strings written straight into a Blob: the reference for every case. */
const reference = async (texts: readonly string[]) => bytesOf(new Blob([...texts]));

async function written(texts: readonly string[], pieceBytes: number, type = 'text/plain'): Promise<Blob> {
  const writer = new BlobWriter(pieceBytes);
  for (const text of texts) writer.write(text);
  return writer.finish(type);
}

describe('BlobWriter: text into a Blob through one reused buffer', () => {
  it('writes the same bytes as the strings written into a Blob, for any text and any piece size', async () => {
    // Full Unicode, lone surrogates included, cut into pieces as small as one 4-byte character.
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '€', '🌹', '\uD800', '\uDC00', '"', '\r\n'), fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code))), maxLength: 60 });
    await fc.assert(fc.asyncProperty(fc.array(text, { maxLength: 12 }), fc.integer({ min: 4, max: 40 }), async (texts, pieceBytes) => {
      expect(await bytesOf(await written(texts, pieceBytes))).toEqual(await reference(texts));
    }), { numRuns: 400 });
  });

  it('never cuts a character: a surrogate pair or a 3-byte character that reaches past the buffer goes whole into the next piece', async () => {
    // 3 ASCII bytes then a 4-byte emoji, in pieces of 4: the emoji cannot start in the first piece.
    for (const texts of [['abc🌹'], ['abc', '🌹'], ['ab€'], ['a€€€'], ['🌹🌹🌹']]) {
      const blob = await written(texts, 4);
      expect(await blob.text(), texts.join('|')).toBe(texts.join(''));
      expect(await bytesOf(blob)).toEqual(await reference(texts));
    }
  });

  it('writes a lone surrogate as U+FFFD, as a Blob of the string does', async () => {
    expect([...(await bytesOf(await written(['x\uD800y'], 8)))]).toEqual([0x78, 0xef, 0xbf, 0xbd, 0x79]);
  });

  it('takes a string many times the size of its buffer, and empty strings', async () => {
    const long = 'row,1,2,3\r\n'.repeat(10_000);
    const blob = await written(['', long, '', 'end'], 64);
    expect(blob.size).toBe(long.length + 3);
    expect(await blob.text()).toBe(`${long}end`);
  });

  it('gives the Blob its type; with nothing written, an empty Blob of that type', async () => {
    expect((await written(['a'], 16, 'text/csv;charset=utf-8')).type).toBe('text/csv;charset=utf-8');
    const empty = await written([], 16, 'application/x-ndjson');
    expect([empty.size, empty.type]).toEqual([0, 'application/x-ndjson']);
  });

  it('starts afresh after finish', async () => {
    const writer = new BlobWriter(8);
    writer.write('first file');
    expect(await writer.finish('text/plain').text()).toBe('first file');
    writer.write('second');
    expect(await writer.finish('text/plain').text()).toBe('second');
  });

  it('refuses a buffer too small for a 4-byte character, which would never be written', () => {
    expect(() => new BlobWriter(3)).toThrow(/at least 4 bytes, not 3/);
    expect(() => new BlobWriter(4.5)).toThrow(RangeError);
  });
});
