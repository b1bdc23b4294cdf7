// Sending side of the protocol, for extension pages (the relay sends its one message with relay/deliver.ts).
import { contentApi, isContextInvalidated } from './extension-api';
import { envelope, type MessageName, type PayloadOf, type Reply, type ReplyOf } from './protocol';

export class MessageError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Sends a typed message to the background and unwraps its reply; throws MessageError with the router's reason. */
export async function send<N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> {
  let reply: Reply<ReplyOf<N>> | undefined;
  try {
    reply = (await contentApi().runtime.sendMessage(envelope(name, payload))) as Reply<ReplyOf<N>> | undefined;
  } catch (error) {
    // The worker was asleep and died while answering, or the extension was reloaded under us.
    throw new MessageError(error instanceof Error ? error.message : String(error), !isContextInvalidated(error));
  }
  if (!reply || typeof reply !== 'object') throw new MessageError('no reply from the background', true);
  if (!reply.ok) throw new MessageError(reply.error, reply.retryable);
  return reply.value;
}
