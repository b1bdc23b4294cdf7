/**
 * The log of self-imposed overrides (limitOverrides): when, which limit, the reason typed, and the amount let through.
 * Newest first. The worker keeps the log; this page only reads it.
 */
import type { LimitRule } from '../../core/limits';
import type { OverrideRecord } from '../../platform/protocol';
import { t } from '../../platform/i18n';
import { formatCoins, formatDateTime } from '../../ui/format';
import { periodText, scopeText } from '../../ui/limit-text';

export function OverrideLog({ records, rules, locale }: { records: readonly OverrideRecord[] | null; rules: readonly LimitRule[]; locale: string }) {
  if (records === null) return null;
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const ruleName = (id: string) => {
    const rule = ruleById.get(id);
    return rule ? `${scopeText(rule, t)} · ${periodText(rule, locale, t)}` : t('limitOverrideRuleGone');
  };
  const newestFirst = [...records].sort((a, b) => b.at - a.at);
  return (
    <>
      <h3 id="limit-overrides-title">{t('limitOverrideLogTitle')}</h3>
      {newestFirst.length === 0 ? <p class="muted" data-testid="limit-overrides-none">{t('limitOverrideLogNone')}</p> : (
        <table data-testid="limit-overrides" aria-labelledby="limit-overrides-title">
          <thead>
            <tr>
              <th scope="col">{t('limitOverrideWhen')}</th><th scope="col">{t('limitOverrideRule')}</th>
              <th scope="col">{t('limitOverrideReason')}</th><th scope="col">{t('limitOverrideAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((record) => (
              <tr key={record.id} data-testid="limit-override-row">
                <td>{formatDateTime(record.at, locale)}</td>
                <td>{ruleName(record.ruleId)}</td>
                <td data-testid="limit-override-reason">{record.reason}</td>
                <td>{record.coins === null ? t('limitOverrideAmountUnknown') : t('coinsAmount', formatCoins(record.coins, locale))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
