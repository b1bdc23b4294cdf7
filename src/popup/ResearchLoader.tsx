/**
 * Research mode's line about the LIVE being watched (research/ResearchLine.tsx), loaded after first paint as a dynamic
 * import, like the limits (LimitsLoader.tsx): the first paint carries only this loader.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CoinsightDb } from '../platform/db';

export function ResearchLoader({ db }: { db: CoinsightDb }) {
  const [Line, setLine] = useState<ComponentType<{ db: CoinsightDb }> | null>(null);
  useEffect(() => {
    let cancelled = false;
    import('./research/ResearchLine').then((m) => !cancelled && setLine(() => m.ResearchLine), () => undefined);
    return () => { cancelled = true; };
  }, []);
  return Line ? <Line db={db} /> : null;
}
