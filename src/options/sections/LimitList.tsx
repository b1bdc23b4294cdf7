/**
 * The limits set, one row each (`limit-row`): what it counts, its period, cap, action and carry-over, and its standing
 * now (a progress bar, what is used and left, when it resets), with Edit and Delete; a limit set by policy says so
 * instead and has neither (the worker refuses those changes anyway). Statuses come from the worker's
 * limitsView; this only renders them (ui/limit-text.ts).
 */
import type { LimitRule, LimitStatus } from '../../core/limits';
import { isManagedRuleId } from '../../core/managed/ids';
import { t } from '../../platform/i18n';
import { actionText, capAmount, carryText, periodText, scopeText, standingText, statusesById } from '../../ui/limit-text';

export interface LimitListProps {
  rules: readonly LimitRule[];
  statuses: readonly LimitStatus[];
  overridesUsed: Record<string, number>;
  locale: string;
  timeZone: string;
  onEdit(rule: LimitRule): void;
  onDelete(rule: LimitRule): void;
}

export function LimitList({ rules, statuses, overridesUsed, locale, timeZone, onEdit, onDelete }: LimitListProps) {
  if (rules.length === 0) return <p data-testid="limits-none">{t('limitsNone')}</p>;
  const byId = statusesById(statuses);
  return (
    <ul class="limits" data-testid="limits">
      {rules.map((rule) => <LimitRow key={rule.id} rule={rule} status={byId.get(rule.id)} overridesUsed={overridesUsed[rule.id] ?? 0}
        locale={locale} timeZone={timeZone} onEdit={onEdit} onDelete={onDelete} />)}
    </ul>
  );
}

function LimitRow({ rule, status, overridesUsed, locale, timeZone, onEdit, onDelete }: Omit<LimitListProps, 'rules' | 'statuses' | 'overridesUsed'> & {
  rule: LimitRule; status: LimitStatus | undefined; overridesUsed: number;
}) {
  const capText = rule.cap.kind === 'coins' ? capAmount(rule, rule.cap.coins, locale, t) : capAmount(rule, rule.cap.money.minor, locale, t);
  const standing = status ? standingText(rule, status, locale, timeZone, t) : null;
  return (
    <li class="limit" data-testid="limit-row" data-id={rule.id}>
      <p class="limit-what">
        <strong data-testid="limit-row-scope">{scopeText(rule, t)}</strong>
        {' · '}<span data-testid="limit-row-period">{periodText(rule, locale, t)}</span>
        {' · '}<span data-testid="limit-row-cap">{capText}</span>
        {' · '}<span data-testid="limit-row-action">{actionText(rule, t)}</span>
        {' · '}<span data-testid="limit-row-carry">{carryText(rule, t)}</span>
      </p>
      {standing ? (
        <div class={`limit-standing level-${standing.level}`}>
          <progress data-testid="limit-row-progress" max={100} value={standing.bar} aria-label={standing.used}>{standing.bar} %</progress>
          <p>
            <span data-testid="limit-row-used">{standing.used}</span>
            {' · '}<strong data-testid="limit-row-left">{standing.left}</strong>
            {' · '}<span data-testid="limit-row-resets">{standing.resets}</span>
          </p>
          {standing.estimated && <p class="estimate-label" data-testid="limit-row-estimated">{t('limitEstimatedNote')}</p>}
        </div>
      ) : <p class="muted" data-testid="limit-row-no-status">{t('limitNoStatus')}</p>}
      {rule.action !== 'warn' && rule.overridesPerPeriod > 0 && (
        <p class="hint" data-testid="limit-row-overrides">{t('limitOverridesLeft', [String(overridesUsed), String(rule.overridesPerPeriod)])}</p>
      )}
      {isManagedRuleId(rule.id) ? <p class="hint" data-testid="limit-row-managed">{t('parentManagedLimit')}</p> : (
        <div class="actions">
          <button type="button" data-testid="limit-edit" onClick={() => onEdit(rule)}>{t('edit')}</button>
          <button type="button" data-testid="limit-delete" onClick={() => onDelete(rule)}>{t('delete')}</button>
        </div>
      )}
    </li>
  );
}
