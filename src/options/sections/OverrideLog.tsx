/**
 * The log of self-imposed overrides (limitOverrides): when, which limit, the reason typed, and the amount let through,
 * newest first (ui/limit-text.ts overrideLines). The worker keeps the log; this page only reads it.
 */
import type { LimitRule } from '../../core/limits';
import type { OverrideRecord } from '../../platform/protocol';
import { t } from '../../platform/i18n';
import { overrideLines } from '../../ui/limit-text';

export function OverrideLog({ records, rules, locale }: { records: readonly OverrideRecord[] | null; rules: readonly LimitRule[]; locale: string }) {
  if (records === null) return null;
  const lines = overrideLines(records, rules, locale, t);
  return (
    <>
      <h3 id="limit-overrides-title">{t('limitOverrideLogTitle')}</h3>
      {lines.length === 0 ? <p class="muted" data-testid="limit-overrides-none">{t('limitOverrideLogNone')}</p> : (
        <table data-testid="limit-overrides" aria-labelledby="limit-overrides-title">
          <thead>
            <tr>
              <th scope="col">{t('limitOverrideWhen')}</th><th scope="col">{t('limitOverrideRule')}</th>
              <th scope="col">{t('limitOverrideLogReason')}</th><th scope="col">{t('limitOverrideAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id} data-testid="limit-override-row">
                <td>{line.when}</td>
                <td>{line.limit}</td>
                <td data-testid="limit-override-reason">{line.reason}</td>
                <td>{line.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
