import type { Observation } from '../../platform/observations';
import type { PageContext } from '../relay/interpret';

/**
 * A page feature of the relay: one module, one `init(signal, page)`. The relay aborts every feature when TikTok
 * navigates client-side and runs them again after it, so listeners attached with `{ signal }` clean up for free.
 */
export interface RelayFeature {
  name: string;
  init(signal: AbortSignal, page: RelayPage): void;
}

export interface RelayPage {
  context: PageContext;
  emit(observations: Observation[]): void;
}

/** Runs `fn` once the document is parsed (the embedded page state is there then), unless aborted first. */
export function whenParsed(signal: AbortSignal, fn: () => void): void {
  const run = () => {
    if (!signal.aborted) fn();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true, signal });
  else run();
}
