/**
 * The tap runs in the page's own world at document_start. It wraps fetch and XMLHttpRequest (tap/fetch.ts,
 * tap/xhr.ts); for the few tracked TikTok endpoints it notes when the request leaves (time, page URL), reads a clone of
 * the response after the page has it, and forwards a JSON string to the relay over the private channel
 * (tap/channel.ts). For every other request it does one URL check and nothing else. It never throws into the page,
 * never delays a response and never changes what the page receives. Gift sends pass the gate (tap/gate.ts), which
 * holds one only when a limit covers it (DESIGN.md, "Limits and guards"). Every built-in it uses later was taken at
 * document_start (tap/builtins.ts).
 */
import { decode, now, regexExec } from './tap/builtins';
import { onRelayMessage, openChannels, post } from './tap/channel';
import { startCapture } from './tap/capture';
import { hookFetch } from './tap/fetch';
import { createGate } from './tap/gate';
import { hookHistory } from './tap/history';
import { hookXhr } from './tap/xhr';

((): void => {
  const marker = Symbol.for('coinsight.tap');
  const pageWindow = window as typeof window & { [marker]?: true };
  if (pageWindow[marker]) return; // injected again (after an update) or by an older version: hook once
  pageWindow[marker] = true;
  const livePath = /^\/@([^/]+)\/live/;
  const gate = createGate({
    post,
    now,
    pageUrl: () => location.href,
    pageHandle: () => {
      const match = regexExec(livePath, location.pathname);
      return match ? decode(match[1]!) : null;
    },
  });
  onRelayMessage(gate);
  openChannels();
  startCapture();
  hookFetch(gate);
  hookXhr(gate);
  hookHistory();
})();
