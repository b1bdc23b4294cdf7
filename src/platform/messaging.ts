// Sending side of the protocol, for extension pages (the relay sends its one message with relay/deliver.ts).
import { contentApi, isContextInvalidated } from './extension-api';
import { LOCKED_REASON, envelope, type MessageName, type PayloadOf, type Reply, type ReplyOf } from './protocol';

export class MessageError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Whether a refusal came from the parental lock's gate (background/lock/gate.ts): a parent's unlock would let it through. */
export const isLockRefusal = (error: unknown): boolean => error instanceof Error && error.message.startsWith(`refused: ${LOCKED_REASON}`);

/** Asked when the lock refuses a change: resolves true once a parent unlocked (the change is then sent once more). */
type UnlockAsker = (reason: string) => Promise<boolean>;
let askUnlock: UnlockAsker | null = null;

/** The options page registers its unlock prompt here, so every section's protected change can offer it. */
export function onLockRefusal(asker: UnlockAsker | null): void {
  askUnlock = asker;
}

/**
 * Sends a typed message to the background and unwraps its reply; throws MessageError with the router's reason. A change
 * the lock refused is retried once after the page's unlock prompt (when one is registered) says a parent unlocked.
 */
export async function send<N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> {
  try {
    return await sendOnce(name, payload);
  } catch (error) {
    if (!askUnlock || !isLockRefusal(error) || !(await askUnlock((error as Error).message))) throw error;
    return sendOnce(name, payload);
  }
}

/** Sends once and never opens the unlock prompt: for reads a page makes on its own (a refusal then says it is locked). */
export async function sendOnce<N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> {
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
