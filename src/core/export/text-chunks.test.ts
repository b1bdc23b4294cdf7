import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, inChunks } from './text-chunks';

describe('inChunks', () => {
  it('joins the lines into chunks of at least CHUNK_CHARS characters, in order, losing nothing', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `row ${i},${'x'.repeat(i % 50)}\r\n`);
    const chunks = [...inChunks(lines, (line) => line)];
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(CHUNK_CHARS);
    // A chunk ends where the line that reached the size ends: never more than one line past it.
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(CHUNK_CHARS + 60);
  });

  it('gives one short chunk for a small page, and nothing for an empty one', () => {
    expect([...inChunks([1, 2, 3], (n) => `${n}\n`)]).toEqual(['1\n2\n3\n']);
    expect([...inChunks([], () => 'never')]).toEqual([]);
  });

  it('gives a line longer than a chunk on its own', () => {
    const long = 'y'.repeat(CHUNK_CHARS * 2);
    expect([...inChunks(['a', long, 'b'], (line) => line)]).toEqual([`a${long}`, 'b']);
  });
});
