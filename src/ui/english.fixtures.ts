// Tests only: a message of public/_locales/en/messages.json filled in the way browser.i18n.getMessage does (named
// placeholders whose content is $1…$9, and $$ for a dollar sign), so a test can assert the very text a user reads.
import { readFileSync } from 'node:fs';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Messages;

export function english(key: string, args: string | string[] = []): string {
  const entry = messages[key];
  if (!entry) throw new Error(`no English message "${key}"`);
  const list = typeof args === 'string' ? [args] : args;
  const positional = (content: string) => content.replace(/\$(\d)/g, (_, n: string) => list[Number(n) - 1] ?? '');
  return entry.message
    .split('$$').map((part) => part.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => positional(entry.placeholders?.[name.toLowerCase()]?.content ?? '')))
    .join('$');
}

export const hasEnglish = (key: string): boolean => Boolean(messages[key]?.message);
