/**
 * The relay's end of the private channel to the tap (the handshake is described in ../tap-channel.ts). The relay
 * listens for the tap's answer only while its own hello is being dispatched, and takes the first answer: the tap's
 * listener runs before any page script's (it was registered first, on window, in the capture phase).
 */
import { CHANNEL_EVENT, HELLO_EVENT, READY_EVENT, RELAY_EVENT, TAP_EVENT, type RelayMessage } from '../tap-channel';

export interface TapConnection {
  /** A message string from the tap (validated by the caller like anything else from the page world). */
  onMessage(raw: unknown): void;
  /** A TAP_EVENT dispatched on `document`: not from the tap, since the tap uses the channel. */
  onForged(): void;
  signal: AbortSignal;
}

/** Sends a message to the tap (a JSON string, on the tap's node: no page script can hear it); dropped before a channel. */
export type ToTap = (message: RelayMessage) => void;

export function connectToTap({ onMessage, onForged, signal }: TapConnection, doc: Document = document): ToTap {
  let channel: EventTarget | null = null;
  const receive = (event: Event): void => onMessage((event as CustomEvent<unknown>).detail);
  const hello = (): void => {
    const reply = doc.createElement('i');
    const take = (event: Event): void => {
      const node = (event as MouseEvent).relatedTarget;
      if (channel || !node) return;
      channel = node;
      // Listen at once: the tap replays what it kept for late relays right after handing the channel over.
      node.addEventListener(TAP_EVENT, receive, { signal });
    };
    reply.addEventListener(CHANNEL_EVENT, take);
    doc.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: reply }));
    reply.removeEventListener(CHANNEL_EVENT, take);
  };
  hello();
  // Unanswered at document_start: the tap runs after the relay and will announce itself. Unanswered in a page that
  // has loaded: this relay was injected (after an update) beside a tap of version 0.1.0, which hooked the page and
  // only knows the public event on `document`. Then, and only until a channel opens, that event is believed.
  const legacy = !channel && doc.readyState !== 'loading';
  if (!channel) doc.addEventListener(READY_EVENT, () => channel || hello(), { signal });
  doc.addEventListener(TAP_EVENT, (event) => (legacy && !channel ? receive(event) : onForged()), { signal });
  return (message) => channel?.dispatchEvent(new CustomEvent(RELAY_EVENT, { detail: JSON.stringify(message) }));
}
