/**
 * The tap's end of the private channel (the handshake is described in ../tap-channel.ts): it answers each relay's
 * hello with a detached node of its own, posts every message on the nodes it handed out, and keeps a replay buffer so
 * that a relay that connects later (one injected into this tab after an update) receives what it missed.
 */
import { CHANNEL_EVENT, HELLO_EVENT, READY_EVENT, RELAY_EVENT, TAP_EVENT } from '../tap-channel';
import type { TrackedEndpoint } from '../../core/tiktok/contracts';
import { Custom, Mouse, createElement, detail, dispatch, listen, now, relatedTarget, stringify } from './builtins';
import type { Gate } from './gate';
import { channelSlot, fresh, keep, type Kept } from './replay';

// Own arrays are walked and grown by index (see replay.ts).
const channels: EventTarget[] = [];
/** Newest first. */
let kept: Kept[] = [];
let gate: Gate | null = null;

/**
 * Where the relays' messages go (RelayMessage: the guard state, verdicts). They arrive on the nodes the tap handed
 * out, which no page script holds; the gate validates them like anything else.
 */
export function onRelayMessage(receiver: Gate): void {
  gate = receiver;
}

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
  if (kind) kept = keep(kept, { kind, json, at: now() });
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
      channels[channelSlot(channels.length)] = channel;
      listen(channel, RELAY_EVENT, (message) => gate?.receive(detail(message)), undefined);
      const at = now();
      for (let i = kept.length - 1; i >= 0; i--) if (fresh(kept[i]!, at)) send(channel, kept[i]!.json);
      // Sends held for a relay that went away (the extension was updated while its dialog was open) ask this one.
      const holds = gate ? gate.waiting() : [];
      for (let i = 0; i < holds.length; i++) send(channel, stringify(holds[i]));
    } catch {
      // a hello from the page with something that is not an event target: nothing to answer
    }
  }, true);
  // A relay that ran before the tap got no answer; this tells it to say hello again.
  dispatch(document, new Custom(READY_EVENT));
}
