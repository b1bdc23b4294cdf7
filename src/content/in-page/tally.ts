/**
 * Counted diagnostics for the in-page prices: TikTok re-renders its gift panel and its /coin page constantly, so the
 * same missing marker would be seen hundreds of times a minute. Each distinct occurrence (a reason and what it was
 * about, e.g. a package index) counts once per page feature run, and what was counted is reported as one diagnostic per
 * reason, with its count, a few seconds after the first (or when the feature stops). Never the page's text or URLs.
 */
import type { Observation } from '../../platform/observations';
import type { DiagnosticEndpoint } from '../../platform/observations';
import { diagnostic } from '../relay/interpret';

export interface Tally {
  /** Counts `reason` once for `subject` (repeats of the same pair in this run are not counted again). */
  note(endpoint: DiagnosticEndpoint, reason: string, subject: string): void;
  /** Reports what was counted and not reported yet. */
  flush(): void;
}

export const TALLY_WINDOW_MS = 3_000;

export function createTally(emit: (observations: Observation[]) => void, signal: AbortSignal, now: () => number = Date.now): Tally {
  const seen = new Set<string>();
  let counts = new Map<string, { endpoint: DiagnosticEndpoint; reason: string; count: number; since: number }>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const out = [...counts.values()].map(({ endpoint, reason, count, since }) => diagnostic(endpoint, reason, since, count));
    counts = new Map();
    if (out.length) emit(out);
  };
  signal.addEventListener('abort', flush, { once: true });
  return {
    note(endpoint, reason, subject) {
      const key = `${endpoint}\u0000${reason}\u0000${subject}`;
      if (signal.aborted || seen.has(key) || seen.size >= 10_000) return;
      seen.add(key);
      const slot = `${endpoint}\u0000${reason}`;
      const held = counts.get(slot);
      if (held) held.count++;
      else counts.set(slot, { endpoint, reason, count: 1, since: now() });
      timer ??= setTimeout(flush, TALLY_WINDOW_MS);
    },
    flush,
  };
}
