/**
 * Research mode's page-world hook (issue 12), registered by the worker only while research mode is on
 * (background/research/registration.ts), at document_start, before any page script. It observes, and never changes,
 * delays, reorders or drops, what the page receives:
 * - `/webcast/im/push` sockets: WebSocket is replaced by a Proxy of itself whose construct trap adds one 'message'
 *   listener to push sockets (the first listener, so it sees every frame; it only queues a reference, see batch.ts).
 *   A Proxy keeps the prototype, the constants, `instanceof` and the native `toString` of the original.
 * - `/webcast/im/fetch` backlogs: read from a clone of the fetch Response, or from an XHR's `response` after its
 *   load (reading it consumes nothing).
 * Bytes go to the research relay over the private channel (channel.ts), batched.
 */
import { FrameBatcher } from './batch';
import { openHookChannel } from './channel';

const PUSH = '/webcast/im/push';
const FETCH = '/webcast/im/fetch';
const MARK = Symbol.for('coinsight.research');

function install(): void {
  const scope = window as unknown as Record<symbol, unknown>;
  if (scope[MARK]) return; // injected twice: the first hook stays
  scope[MARK] = true;
  const batcher = new FrameBatcher(openHookChannel());
  const urlOf = (value: unknown): string => {
    try {
      return value instanceof Request ? value.url : String(value);
    } catch {
      return '';
    }
  };

  const NativeSocket = window.WebSocket;
  window.WebSocket = new Proxy(NativeSocket, {
    construct(target, args, newTarget) {
      const socket = Reflect.construct(target, args, newTarget) as WebSocket;
      try {
        const url = socket.url;
        if (url.includes(PUSH)) socket.addEventListener('message', (event) => batcher.take('push', url, event.data));
      } catch {
        // never throw into the page
      }
      return socket;
    },
  });

  const nativeFetch = window.fetch;
  window.fetch = new Proxy(nativeFetch, {
    apply(target, self, args: Parameters<typeof fetch>) {
      const answer = Reflect.apply(target, self, args) as Promise<Response>;
      try {
        const url = urlOf(args[0]);
        if (url.includes(FETCH)) {
          answer.then((response) => {
            if (response.ok) response.clone().arrayBuffer().then((body) => batcher.take('fetch', url, body), () => undefined);
          }, () => undefined);
        }
      } catch {
        // never throw into the page
      }
      return answer;
    },
  });

  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = new Proxy(open, {
    apply(target, xhr: XMLHttpRequest, args: Parameters<XMLHttpRequest['open']>) {
      try {
        const url = urlOf(args[1]);
        if (url.includes(FETCH)) {
          xhr.addEventListener('load', () => {
            const type = xhr.responseType;
            if ((type === 'arraybuffer' || type === 'blob') && xhr.status >= 200 && xhr.status < 300) batcher.take('fetch', url, xhr.response);
          });
        }
      } catch {
        // never throw into the page
      }
      return Reflect.apply(target, xhr, args);
    },
  });
}

install();
