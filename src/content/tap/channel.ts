/**
 * The tap's end of the private channel (the handshake is described in ../tap-channel.ts): it answers each relay's
 * hello with a detached node of its own, posts every message on the nodes it handed out, and keeps a replay buffer so
 * that a relay that connects later (one injected into this tab after an update) receives what it missed.
 */
import { CHANNEL_EVENT, HELLO_EVENT, MAX_CHANNELS, READY_EVENT, REPLAY_MAX_SENDS, REPLAY_MS, TAP_EVENT } from '../tap-channel';
import type { TrackedEndpoint } from '../../core/tiktok/contracts';
import { Custom, Mouse, createElement, dispatch, now, relatedTarget, stringify } from './builtins';

interface Kept { kind: TrackedEndpoint; json: string; at: number }

// Own arrays are walked with index loops and grown by index: Array.prototype methods and iterators are the page's.
const channels: EventTarget[] = [];
/** Newest first. */
let kept: Kept[] = [];

function send(channel: EventTarget, json: string): void {
  try {
    dispatch(channel, new Custom(TAP_EVENT, { __proto__: null, detail: json } as CustomEventInit));
  } catch {
    // never throw into the page
  }
}

/**
 * Posts a message to every relay. Messages are objects without a prototype, so JSON.stringify finds no `toJSON` the
 * page could have put on Object.prototype. Exchanges are kept for relays that connect later.
 */
export function post(message: object): void {
  let json: string;
  try {
    json = stringify(message);
  } catch {
    return;
  }
  for (let i = 0; i < channels.length; i++) send(channels[i]!, json);
  const kind = (message as { exchange?: { endpoint: TrackedEndpoint } }).exchange?.endpoint;
  if (kind) keep({ kind, json, at: now() });
}

/**
 * Keeps the gift sends of the last REPLAY_MS (at most REPLAY_MAX_SENDS) and the newest reading of each kind, newest
 * first; a replay goes oldest first, as they were posted, so it rebuilds the relay's page context (catalogue, last
 * balance) in the same order. Replayed sends were usually recorded already: recording is idempotent by id.
 */
function keep(entry: Kept): void {
  const next: Kept[] = [entry];
  let sends = entry.kind === 'gift-send' ? 1 : 0;
  for (let i = 0; i < kept.length; i++) {
    const old = kept[i]!;
    if (old.kind === 'gift-send' ? entry.at - old.at <= REPLAY_MS && ++sends <= REPLAY_MAX_SENDS : old.kind !== entry.kind) next[next.length] = old;
  }
  kept = next;
}

/**
 * Listens for relays' hellos. Registered at document_start on `window` in the capture phase: the first listener any
 * event dispatched in this document reaches, so a page script cannot answer a hello before the tap does.
 */
export function openChannels(): void {
  window.addEventListener(HELLO_EVENT, (event) => {
    try {
      const reply = relatedTarget(event);
      if (!reply) return;
      const channel = createElement(document, 'i');
      dispatch(reply, new Mouse(CHANNEL_EVENT, { __proto__: null, relatedTarget: channel } as MouseEventInit));
      // A relay injected after an update needs a channel of its own; the page could ask for many, so the list is
      // capped. At the cap the newest channel is replaced: the first (the relay of the page load) is never dropped,
      // and a relay that connected before the newest one belongs to an extension instance that has ended.
      channels[channels.length < MAX_CHANNELS ? channels.length : MAX_CHANNELS - 1] = channel;
      const since = now() - REPLAY_MS;
      for (let i = kept.length - 1; i >= 0; i--) {
        const old = kept[i]!;
        if (old.kind !== 'gift-send' || old.at >= since) send(channel, old.json);
      }
    } catch {
      // a hello from the page with something that is not an event target: nothing to answer
    }
  }, true);
  // A relay that ran before the tap got no answer; this tells it to say hello again.
  dispatch(document, new Custom(READY_EVENT));
}
