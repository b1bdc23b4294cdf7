// Every literal key passed to t() anywhere in the extension has an English text. Two branches merged can each be fine
// alone and still lose a key one deleted and the other uses: the page would then show the bare key ("estimated").
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message?: string }>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('message keys', () => {
  it('are each defined once (JSON.parse keeps the last of two silently; Firefox refuses the file)', () => {
    const text = readFileSync('public/_locales/en/messages.json', 'utf8');
    const keys = [...text.matchAll(/^\s*"([A-Za-z0-9_]+)"\s*:\s*\{\s*"message"/gm)].map((match) => match[1]!);
    expect(keys.length).toBe(Object.keys(messages).length + keys.filter((key, index) => keys.indexOf(key) !== index).length);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('every t("key") in the source has a message', () => {
    const missing: string[] = [];
    let found = 0;
    for (const file of sources('src')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"]([A-Za-z0-9_]+)['"]/g)) {
        found++;
        if (!messages[match[1]!]?.message) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(found).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
