/**
 * The Balance view's limits, loaded after first paint: the panel (popup/limits/) and the limitsView message it sends
 * are a dynamic import started once the coin figures are on screen, so the first paint carries none of it. Until it
 * answers, nothing is shown (no layout jump above the numbers: the panel sits below them).
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function LimitsLoader() {
  const [Panel, setPanel] = useState<ComponentType | null>(null);
  useEffect(() => {
    let cancelled = false;
    // Failing to load the chunk leaves the Balance view as it was; the options page still lists the limits.
    import('./limits/LimitsPanel').then((m) => !cancelled && setPanel(() => m.LimitsPanel), () => undefined);
    return () => { cancelled = true; };
  }, []);
  return Panel ? <Panel /> : null;
}
