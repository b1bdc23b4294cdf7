import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fillMessage, localeFolders, type MessageBundle } from '../core/message-format';
import { messageFallback, translateFromFiles, type MessageSource } from './message-fallback';

const bundleOf = (folder: string) => JSON.parse(readFileSync(`public/_locales/${folder}/messages.json`, 'utf8')) as MessageBundle;

/** A browser that gave the page no messages (getMessage '' for all), over the real _locales files. */
function brokenBrowser(uiLanguage: string): { source: MessageSource; load: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const load = vi.fn(async (url: string) => {
    asked.push(url);
    const folder = /_locales\/([^/]+)\//.exec(url)?.[1] ?? '';
    try {
      const body = readFileSync(`public/_locales/${folder}/messages.json`, 'utf8');
      return new Response(body, { status: 200 });
    } catch {
      throw new TypeError('Failed to fetch'); // what an extension page's fetch of a missing file does
    }
  }) as unknown as typeof fetch;
  return { source: { getMessage: () => '', getUILanguage: () => uiLanguage, getURL: (path) => `chrome-extension://abc/${path}` }, load, asked };
}

describe('the messages of a page the browser gave none', () => {
  it('are not read at all when the browser\'s own messages work', async () => {
    const load = vi.fn() as unknown as typeof fetch;
    expect(await messageFallback({ getMessage: () => 'Coinsight', getUILanguage: () => 'en-US', getURL: (path) => path }, load)).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('are read from the UI language\'s folder, the default filling what it lacks', async () => {
    const { source, load, asked } = brokenBrowser('pt-BR');
    const bundle = await messageFallback(source, load);
    expect(asked).toEqual(['chrome-extension://abc/_locales/pt_BR/messages.json', 'chrome-extension://abc/_locales/pt/messages.json', 'chrome-extension://abc/_locales/en/messages.json']);
    expect(bundle?.welcomeTitle?.message).toBe(bundleOf('pt_BR').welcomeTitle!.message);
    expect(fillMessage(bundle!.coinsAmount!, ['1.000'])).toBe(fillMessage(bundleOf('pt_BR').coinsAmount!, ['1.000']));
  });

  it('fall back to English for a language Coinsight does not speak', async () => {
    const { source, load } = brokenBrowser('de-DE');
    const bundle = await messageFallback(source, load);
    expect(bundle?.extName?.message).toBe(bundleOf('en').extName!.message);
  });

  it('give pages a t() that fills the files\' messages in, and answers \'\' for a key they lack', async () => {
    const { source, load } = brokenBrowser('id');
    const translate = await translateFromFiles(source, load);
    expect(translate('welcomeDoneLimit', ['1.000', 'Blokir'])).toBe(fillMessage(bundleOf('id').welcomeDoneLimit!, ['1.000', 'Blokir']));
    expect(translate('noSuchMessage')).toBe('');
  });

  it('leave t() showing keys rather than failing the page when even the files cannot be read', async () => {
    const load = vi.fn(async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    expect(await messageFallback({ getMessage: () => '', getUILanguage: () => 'id', getURL: (path) => path }, load)).toEqual({});
  });
});

describe('a message filled in as the browser does', () => {
  const entry = { message: 'Weekly limit: $COINS$ coins ($Action$), $$5 max', placeholders: { coins: { content: '$1' }, action: { content: '$2' } } };
  it('puts each substitution in its named placeholder, in any case, and $$ as a dollar sign', () => {
    expect(fillMessage(entry, ['1,000', 'Block'])).toBe('Weekly limit: 1,000 coins (Block), $5 max');
    expect(fillMessage({ message: 'Coinsight blocked buying coins' })).toBe('Coinsight blocked buying coins');
    expect(fillMessage(bundleOf('en').coinsAmount!, '30')).toBe('30 coins');
  });

  it('reads the folders a UI language names, best first', () => {
    expect(localeFolders('pt-BR', 'en')).toEqual(['pt_BR', 'pt', 'en']);
    expect(localeFolders('es-419', 'en')).toEqual(['es_419', 'es', 'en']);
    expect(localeFolders('id', 'en')).toEqual(['id', 'en']);
    expect(localeFolders('en-US', 'en')).toEqual(['en_US', 'en']);
  });
});
