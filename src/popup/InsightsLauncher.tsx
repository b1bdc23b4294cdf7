/**
 * The one door to "Creators & charts" from the Balance view: a button that loads that part (its own chunks) with a
 * dynamic import the first time it is pressed, so nothing of it, chart.js least of all, is in the popup's first paint.
 */
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import type { CoinsightDb } from '../platform/db';
import { t } from '../platform/i18n';
import type { Settings } from '../platform/settings';

export interface InsightsProps {
  db: CoinsightDb;
  settings: Promise<Settings>;
  account: string;
}

export function InsightsLauncher(props: InsightsProps) {
  const [open, setOpen] = useState(false);
  const [Part, setPart] = useState<ComponentType<InsightsProps> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const toggle = () => {
    setOpen(!open);
    if (!Part) {
      import('./insights/Insights').then((m) => setPart(() => m.Insights), (error: unknown) => setFailed(String(error)));
    }
  };
  return (
    <section>
      <button type="button" class="link" data-testid="insights-toggle" aria-expanded={open} onClick={toggle}>{t('insightsOpen')}</button>
      {failed && <p class="error">{failed}</p>}
      {open && Part && <Part {...props} />}
    </section>
  );
}
