/**
 * Spend limits on the options page: the list with each limit's standing, the editor (opened by `limit-add` or a row's
 * Edit), and the override log. Limits are read and changed only through the worker (limitsView, saveLimit,
 * deleteLimit, limitOverrides: the one settings door a later parental lock guards); the page reads the ledger only
 * for the creators a limit may name. The list follows changes made elsewhere (the worker's write of LIMITS_KEY, or of
 * the administrator's policy: MANAGED_KEY). Limits set by policy are listed without Edit and Delete.
 */
import { useEffect, useState } from 'preact/hooks';
import { LIMITS_KEY, type LimitRule } from '../../core/limits';
import { MANAGED_KEY } from '../../core/managed/ids';
import { now as clockNow, timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { LimitsView, OverrideRecord } from '../../platform/protocol';
import { seenCreators } from '../../queries/seen-creators';
import { todayIn } from '../forms';
import { workerRefusal, type SeenCreator } from '../limit-form';
import { StatusLine } from '../ui';
import { LimitEditor } from './LimitEditor';
import { LimitList } from './LimitList';
import { OverrideLog } from './OverrideLog';
import { onLocalChanges } from '../../platform/local-changes';

const refusalText = (error: unknown) => workerRefusal(error, t);

export function LimitsSection({ db, displayCurrency }: { db: CoinsightDb; displayCurrency: string }) {
  const [view, setView] = useState<LimitsView | null>(null);
  const [overrides, setOverrides] = useState<OverrideRecord[] | null>(null);
  const [creators, setCreators] = useState<SeenCreator[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  // null: closed; 'new': adding; a rule: editing it.
  const [editing, setEditing] = useState<LimitRule | 'new' | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const locale = uiLocale();
  const zone = timeZone();

  const load = async () => {
    try {
      const [next, log] = await Promise.all([send('limitsView', { roomId: null }), send('limitOverrides', {})]);
      setView(next);
      setOverrides(log);
      setLoadError(null);
    } catch (error) {
      setLoadError(refusalText(error));
    }
  };
  useEffect(() => {
    void load();
    void seenCreators(db).then((rows) => setCreators(rows.map(({ key, handle }) => ({ key, handle }))), () => setCreators([]));
    return onLocalChanges([LIMITS_KEY, MANAGED_KEY], () => void load());
  }, [db]);

  const save = async (rule: LimitRule): Promise<string | null> => {
    try {
      setView(await send('saveLimit', { rule }));
      setStatus({ text: t('limitSaved'), failed: false });
      setEditing(null);
      void load();
      return null;
    } catch (error) {
      const reason = refusalText(error);
      setStatus({ text: t('limitRefused', reason), failed: true });
      return reason;
    }
  };
  const remove = async (rule: LimitRule) => {
    try {
      setView(await send('deleteLimit', { id: rule.id }));
      setStatus({ text: t('limitDeleted'), failed: false });
      if (editing !== null && editing !== 'new' && editing.id === rule.id) setEditing(null);
    } catch (error) {
      setStatus({ text: t('limitDeleteRefused', refusalText(error)), failed: true });
    }
    document.getElementById('limits-title')?.focus();
  };

  const today = todayIn(clockNow(), zone);
  return (
    <section aria-labelledby="limits-title" data-testid="limits-section">
      <h2 id="limits-title" tabIndex={-1}>{t('limitsTitle')}</h2>
      <p class="muted">{t('limitsIntro')}</p>
      {loadError && <p class="error" data-testid="limits-load-error">{t('limitsLoadFailed', loadError)}</p>}
      {view && (
        <LimitList rules={view.rules} statuses={view.statuses} overridesUsed={view.overridesUsed} locale={locale} timeZone={zone}
          onEdit={(rule) => setEditing(rule)} onDelete={(rule) => void remove(rule)} />
      )}
      {editing === null ? (
        <div class="actions">
          <button type="button" class="primary" data-testid="limit-add" onClick={() => { setStatus(null); setEditing('new'); }}>{t('limitAdd')}</button>
        </div>
      ) : (
        <LimitEditor editing={editing === 'new' ? null : editing} creators={creators} displayCurrency={displayCurrency} today={today}
          onSave={save} onCancel={() => setEditing(null)} />
      )}
      <StatusLine testid="limit-status">{status && <span class={status.failed ? 'error' : 'saved'}>{status.text}</span>}</StatusLine>
      <OverrideLog records={overrides} rules={view?.rules ?? []} locale={locale} />
    </section>
  );
}
