/**
 * A part of the Balance view loaded after first paint: `load` is a dynamic import started once the coin figures are on
 * screen, so the first paint carries none of it. Until it answers, nothing is shown; failing to load leaves the view
 * as it was (the options page shows the same things).
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function AfterFirstPaint({ load }: { load: () => Promise<ComponentType> }) {
  const [Part, setPart] = useState<ComponentType | null>(null);
  useEffect(() => {
    let cancelled = false;
    load().then((component) => !cancelled && setPart(() => component), () => undefined);
    return () => { cancelled = true; };
  }, [load]);
  return Part ? <Part /> : null;
}
