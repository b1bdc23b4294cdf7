// Every language Coinsight ships has every English message, with the same placeholders and the same $NAME$ and $1
// tokens: a missing key shows English (or the bare key) in the middle of a translated page, and a lost token prints
// "$COINS$" where a number belongs. And no text a user can read is written in a component instead of _locales.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> }>;
const LOCALES_DIR = 'public/_locales';
const read = (locale: string) => JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Messages;
const english = read('en');
const translations = readdirSync(LOCALES_DIR).filter((locale) => locale !== 'en');
/** $NAME$ placeholders and $1 substitutions, in a sorted list ($$ is a literal dollar sign). */
const tokens = (message: string) => [...message.replaceAll('$$', '').matchAll(/\$[A-Za-z0-9_]+\$|\$\d/g)].map((match) => match[0].toLowerCase()).sort();

describe('the languages shipped', () => {
  it('are English, Indonesian, Brazilian Portuguese and Spanish', () => {
    expect(translations.sort()).toEqual(['es', 'id', 'pt_BR']);
  });

  it('English keeps the store listing within the stores\' limits too', () => {
    expect(english.extName!.message.length).toBeLessThanOrEqual(75);
    expect(english.extDescription!.message.length).toBeLessThanOrEqual(132);
  });

  describe.each(translations)('%s', (locale) => {
    const translated = read(locale);
    it('has every English key and no other', () => {
      expect(Object.keys(english).filter((key) => !translated[key]?.message)).toEqual([]);
      expect(Object.keys(translated).filter((key) => !(key in english))).toEqual([]);
    });
    it('keeps every placeholder and token', () => {
      const differing = Object.keys(english).filter((key) => translated[key] && (
        JSON.stringify(translated[key].placeholders ?? null) !== JSON.stringify(english[key]!.placeholders ?? null)
        || tokens(translated[key].message).join() !== tokens(english[key]!.message).join()));
      expect(differing).toEqual([]);
    });
    it('keeps the store listing within the stores\' limits (name 75 characters, description 132)', () => {
      expect(translated.extName!.message.length).toBeLessThanOrEqual(75);
      expect(translated.extDescription!.message.length).toBeLessThanOrEqual(132);
    });
  });
});

/** Names that are never translated. */
const BRAND_NAMES = new Set(['Coinsight', 'TikTok']);
const READABLE_ATTRIBUTES = /^(aria-label|aria-description|title|placeholder|alt|label)$/;

function components(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return components(path);
    return /\.tsx$/.test(name) && !/\.test\.tsx$/.test(name) ? [path] : [];
  });
}

interface Node { type: string; loc?: { start: { line: number } }; [key: string]: unknown }
function* literalTexts(node: unknown): Generator<{ line: number; text: string }> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* literalTexts(child);
    return;
  }
  const n = node as Node;
  if (typeof n.type !== 'string') return;
  const line = n.loc?.start.line ?? 0;
  if (n.type === 'JSXText' && /\p{L}/u.test(n.value as string)) yield { line, text: (n.value as string).trim() };
  if (n.type === 'JSXAttribute') {
    const value = n.value as Node | null;
    const name = (n.name as { name: string }).name;
    if (value?.type === 'StringLiteral' && READABLE_ATTRIBUTES.test(name) && /\p{L}/u.test(value.value as string)) yield { line, text: value.value as string };
  }
  for (const [key, child] of Object.entries(n)) if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments') yield* literalTexts(child);
}

describe('text in components', () => {
  it('comes from _locales: no words written in JSX or in a readable attribute, brand names aside', () => {
    const files = components('src');
    expect(files.length).toBeGreaterThan(40);
    const written: string[] = [];
    for (const file of files) {
      const ast = parse(readFileSync(file, 'utf8'), { sourceType: 'module', plugins: ['typescript', 'jsx'] });
      for (const { line, text } of literalTexts(ast.program)) if (!BRAND_NAMES.has(text)) written.push(`${file}:${line} ${JSON.stringify(text)}`);
    }
    expect(written).toEqual([]);
  });
});
