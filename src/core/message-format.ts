/**
 * What browser.i18n.getMessage does with one entry of a messages.json, as a pure function: each named placeholder
 * ($NAME$, in any case) becomes its content, in which $1…$9 are the substitutions; $$ is a dollar sign. Used by the
 * pages' fallback when the browser hands them no messages (platform/i18n.ts) and by the tests that assert the very
 * text a user reads.
 */
export interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type MessageBundle = Record<string, MessageEntry>;

export function fillMessage(entry: MessageEntry, substitutions: string | readonly string[] = []): string {
  const list = typeof substitutions === 'string' ? [substitutions] : substitutions;
  const positional = (content: string) => content.replace(/\$(\d)/g, (_, n: string) => list[Number(n) - 1] ?? '');
  return entry.message
    .split('$$')
    .map((part) => part.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => positional(entry.placeholders?.[name.toLowerCase()]?.content ?? '')))
    .join('$');
}

/** The _locales folders to read for a UI language, best first, as the browser chooses: 'pt-BR' → pt_BR, pt, then the default. */
export function localeFolders(uiLanguage: string, defaultLocale: string): string[] {
  const [language, region] = uiLanguage.replace('_', '-').split('-');
  const folders = [region ? `${language}_${region.toUpperCase()}` : '', language ?? '', defaultLocale];
  return [...new Set(folders.filter(Boolean))];
}
