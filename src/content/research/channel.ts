/**
 * How the research hook (MAIN world) and the research relay (ISOLATED world) meet: the same handshake as the tap's
 * (../tap-channel.ts), under event names of their own, so that neither answers the other's partner.
 *
 * 1. The relay dispatches HELLO on `document`, a MouseEvent whose relatedTarget is a detached node R of its own.
 * 2. The hook, listening on `window` in the capture phase since document_start (before any page script exists, so its
 *    listener runs first), dispatches CHANNEL on R with a detached node C of its own as relatedTarget.
 * 3. The relay keeps the first C handed to it while its hello is dispatched, and listens for FRAMES on C, which no page
 *    script can reference: nothing the page dispatches can reach the relay. If the relay ran first, the hook's READY
 *    on `document` makes it say hello again.
 * The tap's code is not reused: it is bound to the tap's module state and its event names, and the content scripts'
 * 12 KB budget leaves no room to make it generic.
 *
 * Messages are JSON strings (Firefox refuses to hand objects from the page world to a content script); bytes travel
 * as base64, encoded in the page after the page's own handlers have run (see batch.ts).
 */
import type { WireFrame } from '../../platform/research-wire';

export const HELLO = 'coinsight:research-hello';
export const CHANNEL = 'coinsight:research-channel';
export const READY = 'coinsight:research-ready';
export const FRAMES = 'coinsight:research-frames';

/** Hook → relay, one per batch. `dropped`: frames the hook's caps refused since the previous batch. */
export interface FramesMessage {
  v: 1;
  frames: WireFrame[];
  dropped: number;
}

/** The hook's own caps (the others, shared by every hop, are in platform/research-wire.ts). */
export const BATCH_MS = 250;
/** Frames the hook holds at most between two flushes; beyond it, frames are counted as dropped. */
export const MAX_QUEUED_FRAMES = 2_000;
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** The hook's end: answers relays' hellos; returns the function that posts a message to every relay. */
export function openHookChannel(): (json: string) => void {
  const channels: EventTarget[] = [];
  window.addEventListener(HELLO, (event) => {
    try {
      const reply = (event as MouseEvent).relatedTarget;
      if (!reply || channels.length >= 4) return;
      const node = document.createElement('i');
      reply.dispatchEvent(new MouseEvent(CHANNEL, { relatedTarget: node }));
      channels.push(node);
    } catch {
      // a hello from the page with something that is not an event target: nothing to answer
    }
  }, true);
  document.dispatchEvent(new CustomEvent(READY));
  return (json) => {
    for (const node of channels) {
      try {
        node.dispatchEvent(new CustomEvent(FRAMES, { detail: json }));
      } catch {
        // never throw into the page
      }
    }
  };
}

/** The relay's end: says hello (again after the hook's READY) and hands every string from the hook to `receive`. */
export function connectToHook(receive: (raw: unknown) => void, signal: AbortSignal, doc: Document = document): void {
  let channel: EventTarget | null = null;
  const listener = (event: Event): void => receive((event as CustomEvent<unknown>).detail);
  const hello = (): void => {
    const reply = doc.createElement('i');
    const take = (event: Event): void => {
      const node = (event as MouseEvent).relatedTarget;
      if (channel || !node) return;
      channel = node;
      node.addEventListener(FRAMES, listener, { signal });
    };
    reply.addEventListener(CHANNEL, take);
    doc.dispatchEvent(new MouseEvent(HELLO, { relatedTarget: reply }));
    reply.removeEventListener(CHANNEL, take);
  };
  hello();
  if (!channel) doc.addEventListener(READY, () => channel || hello(), { signal });
}
