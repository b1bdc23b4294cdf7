/** Payloads Coinsight did not recognise, grouped by endpoint and reason (only those and the time are kept). */
import { useEffect, useState } from 'preact/hooks';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import { formatDateTime } from '../../ui/format';
import { groupDiagnostics, type DiagnosticGroup } from '../diagnostics';

export function DiagnosticsSection({ db }: { db: CoinsightDb }) {
  const [groups, setGroups] = useState<DiagnosticGroup[] | null>(null);
  const load = () => db.diagnostics.toArray().then((rows) => setGroups(groupDiagnostics(rows)));
  useEffect(() => {
    void load();
  }, [db]);
  const locale = uiLocale();
  return (
    <section aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('diagnosticsTitle')}</h2>
      <p class="muted">{t('diagnosticsHelp')}</p>
      {groups === null ? <p class="muted">{t('loading')}</p> : groups.length === 0 ? (
        <p data-testid="diagnostics-none">{t('diagnosticsNone')}</p>
      ) : (
        <>
          <table data-testid="diagnostics">
            <thead><tr><th scope="col">{t('endpoint')}</th><th scope="col">{t('reason')}</th><th scope="col">{t('count')}</th><th scope="col">{t('lastSeen')}</th></tr></thead>
            <tbody>
              {groups.map((group) => (
                <tr key={`${group.endpoint}/${group.reason}`} data-testid="diagnostic-row" data-endpoint={group.endpoint}>
                  <td>{group.endpoint}</td><td>{group.reason}</td><td data-testid="diagnostic-count">{group.count}</td><td>{formatDateTime(group.lastAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p><button type="button" data-testid="clear-diagnostics" onClick={() => void send('clearDiagnostics', {}).then(load)}>{t('clearDiagnostics')}</button></p>
        </>
      )}
    </section>
  );
}
