/**
 * Routes every runtime message: classify the sender, find the message, check that this kind of sender may send
 * it, validate the payload, then call its handler. Any failure is a reply with a reason, never a throw.
 */
import { messageByType, messages, type MessageName, type PayloadOf, type Reply, type ReplyOf, type SenderKind } from '../platform/protocol';
import { classifySender, type SenderFacts } from './sender';

/** What a handler may know of who sent the message, besides its kind: the tab, for per-tab limits. */
export interface Origin {
  kind: SenderKind;
  /** The browser-filled tab id of a content script's tab; undefined for extension pages. */
  tabId: number | undefined;
}

export type Handlers = { [N in MessageName]: (payload: PayloadOf<N>, origin: Origin) => Promise<ReplyOf<N>> };

/** Thrown by a handler that refuses a request for good: the reply says so, and the sender will not retry. */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

/**
 * Asked before every handler, after the sender and payload are checked: null lets the message through; a string
 * refuses it with that reason (the parental lock, issue 11: the one door every protected change passes).
 */
export type MessageGate = <N extends MessageName>(name: N, payload: PayloadOf<N>, origin: Origin) => Promise<string | null>;

export interface RouterContext {
  extensionId: string;
  extensionBaseUrl: string;
  handlers: Handlers;
  gate?: MessageGate;
}

export async function route(message: unknown, sender: SenderFacts, context: RouterContext): Promise<Reply<unknown>> {
  const refuse = (error: string): Reply<never> => ({ ok: false, error, retryable: false });
  const classified = classifySender(sender, context.extensionId, context.extensionBaseUrl);
  if (classified.kind === 'refused') return refuse(`refused: ${classified.reason}`);
  if (typeof message !== 'object' || message === null) return refuse('refused: a message must be an object');
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  const name = typeof type === 'string' ? messageByType.get(type) : undefined;
  if (!name) return refuse(`refused: unknown message type ${JSON.stringify(String(type)).slice(0, 80)}`);
  const spec = messages[name];
  if (spec.from !== classified.kind) return refuse(`refused: ${spec.type} may only be sent by ${article(spec.from)}, not by ${article(classified.kind)}`);
  const checked = spec.payload(payload, 'payload');
  if (!checked.ok) return refuse(`refused: invalid ${spec.type}: ${checked.reason}`);
  try {
    const origin: Origin = { kind: classified.kind, tabId: tabIdOf(sender.tab) };
    const gateReason = context.gate ? await context.gate(name, checked.value as PayloadOf<typeof name>, origin) : null;
    if (gateReason !== null) return refuse(`refused: ${gateReason}`);
    const handler = context.handlers[name] as (payload: unknown, origin: Origin) => Promise<unknown>;
    return { ok: true, value: await handler(checked.value, origin) };
  } catch (error) {
    // Storage failures (quota, a closing database) are worth retrying; a refusal by a handler is not.
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, error: text, retryable: !(error instanceof RefusedError) };
  }
}

function tabIdOf(tab: unknown): number | undefined {
  const id = typeof tab === 'object' && tab !== null ? (tab as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

const article = (kind: string): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
