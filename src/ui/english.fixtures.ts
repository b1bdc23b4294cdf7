// Tests only: a message of public/_locales/en/messages.json filled in the way browser.i18n.getMessage does (named
// placeholders whose content is $1…$9, and $$ for a dollar sign), so a test can assert the very text a user reads.
import { readFileSync } from 'node:fs';
import { fillMessage, type MessageBundle } from '../core/message-format';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as MessageBundle;

export function english(key: string, args: string | string[] = []): string {
  const entry = messages[key];
  if (!entry) throw new Error(`no English message "${key}"`);
  return fillMessage(entry, args);
}

export const hasEnglish = (key: string): boolean => Boolean(messages[key]?.message);
