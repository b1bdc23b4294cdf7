import { describe, expect, it } from 'vitest';
import { classifySender, type SenderFacts } from './sender';

const CHROME_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const CHROME_BASE = `chrome-extension://${CHROME_ID}/`;
const FIREFOX_ID = 'coinsight@coinsight.app';
const FIREFOX_BASE = 'moz-extension://4b3c2a1f-9d8e-4f7a-b6c5-0123456789ab/';
const LIVE = 'https://www.tiktok.com/@sunset.cooking/live';
const TAB = { id: 1_234, index: 3, windowId: 1, url: LIVE };

const chrome = (sender: SenderFacts) => classifySender(sender, CHROME_ID, CHROME_BASE);
const firefox = (sender: SenderFacts) => classifySender(sender, FIREFOX_ID, FIREFOX_BASE);

describe('classifySender: content scripts', () => {
  it('accepts the relay on a TikTok LIVE page (Chrome fills in the origin)', () => {
    expect(chrome({ id: CHROME_ID, url: LIVE, origin: 'https://www.tiktok.com', tab: TAB })).toEqual({ kind: 'content-script' });
  });

  it('accepts the relay on the /coin page in Firefox, which sends no origin', () => {
    expect(firefox({ id: FIREFOX_ID, url: 'https://www.tiktok.com/coin?enter_from=live', tab: TAB })).toEqual({ kind: 'content-script' });
  });

  it('refuses a TikTok URL without a tab: content scripts always run in one', () => {
    expect(chrome({ id: CHROME_ID, url: LIVE, origin: 'https://www.tiktok.com' })).toMatchObject({ kind: 'refused' });
  });

  it('refuses plain http, another host and look-alike hosts, naming where the message came from', () => {
    for (const url of [
      'http://www.tiktok.com/@sunset.cooking/live',
      'https://evil.example/@sunset.cooking/live',
      'https://tiktok.com/@sunset.cooking/live',
      'https://www.tiktok.com.evil.example/live',
      'https://m.tiktok.com/live',
    ]) {
      const result = chrome({ id: CHROME_ID, url, tab: TAB });
      expect(result, url).toEqual({ kind: 'refused', reason: `messages from ${new URL(url).protocol}//${new URL(url).host} are not accepted` });
    }
  });

  it('refuses when Chrome’s origin disagrees with the URL (a frame of another site)', () => {
    expect(chrome({ id: CHROME_ID, url: LIVE, origin: 'https://evil.example', tab: TAB })).toMatchObject({ kind: 'refused' });
    expect(chrome({ id: CHROME_ID, url: LIVE, origin: 'null', tab: TAB })).toMatchObject({ kind: 'refused' });
  });

  it('refuses frames without an origin of their own (about:blank, data:, sandboxed srcdoc)', () => {
    for (const url of ['about:blank', 'data:text/html,<p>hi</p>', 'about:srcdoc']) {
      expect(chrome({ id: CHROME_ID, url, tab: TAB }), url).toMatchObject({ kind: 'refused' });
      expect(firefox({ id: FIREFOX_ID, url, tab: TAB }), url).toMatchObject({ kind: 'refused' });
    }
  });
});

describe('classifySender: extension pages', () => {
  it('accepts the popup (no tab) and the options page (in a tab)', () => {
    expect(chrome({ id: CHROME_ID, url: `${CHROME_BASE}src/popup/index.html`, origin: `chrome-extension://${CHROME_ID}` }))
      .toEqual({ kind: 'extension-page' });
    expect(chrome({ id: CHROME_ID, url: `${CHROME_BASE}src/options/index.html#limits`, origin: `chrome-extension://${CHROME_ID}`, tab: { id: 9 } }))
      .toEqual({ kind: 'extension-page' });
  });

  it('accepts Firefox extension pages by their per-install UUID', () => {
    expect(firefox({ id: FIREFOX_ID, url: `${FIREFOX_BASE}src/popup/index.html` })).toEqual({ kind: 'extension-page' });
    expect(firefox({ id: FIREFOX_ID, url: `${FIREFOX_BASE}src/options/index.html`, tab: { id: 4 } })).toEqual({ kind: 'extension-page' });
  });

  it('refuses a page of another extension, even one claiming our id', () => {
    const other = 'moz-extension://99999999-9d8e-4f7a-b6c5-0123456789ab/src/popup/index.html';
    expect(firefox({ id: FIREFOX_ID, url: other })).toMatchObject({ kind: 'refused' });
    expect(chrome({ id: CHROME_ID, url: 'chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/popup.html' })).toMatchObject({ kind: 'refused' });
  });

  it('refuses an extension URL whose Chrome origin is a web page', () => {
    expect(chrome({ id: CHROME_ID, url: `${CHROME_BASE}src/options/index.html`, origin: 'https://www.tiktok.com', tab: TAB }))
      .toEqual({ kind: 'refused', reason: 'extension page with a foreign origin' });
  });
});

describe('classifySender: who the sender is', () => {
  it('refuses another extension or a missing id, whatever the URL', () => {
    expect(chrome({ id: 'aaaabbbbccccddddeeeeffffgggghhhh', url: LIVE, origin: 'https://www.tiktok.com', tab: TAB }))
      .toEqual({ kind: 'refused', reason: 'sender is not this extension' });
    expect(chrome({ id: 'aaaabbbbccccddddeeeeffffgggghhhh', url: `${CHROME_BASE}src/popup/index.html` }))
      .toEqual({ kind: 'refused', reason: 'sender is not this extension' });
    expect(chrome({ url: LIVE, tab: TAB })).toEqual({ kind: 'refused', reason: 'sender is not this extension' });
  });

  it('refuses a sender without a URL or with one that does not parse', () => {
    expect(chrome({ id: CHROME_ID, tab: TAB })).toEqual({ kind: 'refused', reason: 'sender has no URL' });
    expect(chrome({ id: CHROME_ID, url: '', tab: TAB })).toEqual({ kind: 'refused', reason: 'sender has no URL' });
    expect(chrome({ id: CHROME_ID, url: 'www.tiktok.com/live', tab: TAB })).toEqual({ kind: 'refused', reason: 'sender has no URL' });
  });
});
