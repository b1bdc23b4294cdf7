/**
 * Purchases Coinsight could not see: the form, and the list of those typed in so far with what each explains (the coins
 * of unknown price it took over), to edit or delete. Writes go to the worker (purchases/*), which keeps the coin
 * balance right (core/manual-purchase.ts); this page only reads the ledger.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ExplainedCoins, RechargeEntry } from '../../core/ledger';
import { formatMoney } from '../../core/money';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import { formatCoins, formatDateTime } from '../../ui/format';
import { knownAccounts, manualPurchases, type KnownAccount } from '../ledger-reads';
import { StatusLine } from '../ui';
import { PurchaseForm } from './PurchaseForm';

const explainedCoins = (entry: RechargeEntry) => (entry.explains ?? []).reduce((sum, taken) => sum + taken.coins, 0);

/** "took 1,000 coins held at install; 200 extra coins" */
function explainsText(entry: RechargeEntry, locale: string): string {
  const bySource = new Map<ExplainedCoins['source'], number>();
  for (const taken of entry.explains ?? []) bySource.set(taken.source, (bySource.get(taken.source) ?? 0) + taken.coins);
  const parts = [...bySource].map(([source, coins]) => t(source === 'initial-balance' ? 'explainsInitial' : 'explainsElsewhere', formatCoins(coins, locale)));
  const extra = entry.coins - explainedCoins(entry);
  if (extra > 0) parts.push(t('explainsExtra', formatCoins(extra, locale)));
  return parts.join('; ');
}

export function PurchasesSection({ db, onLedgerChanged }: { db: CoinsightDb; onLedgerChanged(): void }) {
  const [accounts, setAccounts] = useState<KnownAccount[] | null>(null);
  const [purchases, setPurchases] = useState<RechargeEntry[]>([]);
  const [editing, setEditing] = useState<RechargeEntry | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const locale = uiLocale();
  const load = async () => {
    const [known, listed] = await Promise.all([knownAccounts(db), manualPurchases(db)]);
    setAccounts(known);
    setPurchases(listed);
  };
  useEffect(() => {
    void load();
  }, [db]);
  if (!accounts) return <p class="muted">{t('loading')}</p>;
  const labelOf = (uid: string) => accounts.find((account) => account.uid === uid)?.label ?? uid;

  const saved = (entry: RechargeEntry, edited: boolean) => {
    const extra = entry.coins - explainedCoins(entry);
    const summary = [
      t(edited ? 'purchaseUpdated' : 'purchaseSaved', [formatCoins(entry.coins, locale), formatMoney(entry.price!, locale)]),
      explainedCoins(entry) > 0 ? t('purchaseExplainsSummary', formatCoins(explainedCoins(entry), locale)) : '',
      extra > 0 ? t('purchaseExtraSummary', formatCoins(extra, locale)) : '',
    ].filter(Boolean).join(' ');
    setStatus({ text: summary, failed: false });
    setEditing(null);
    void load().then(onLedgerChanged);
  };
  // The worker's refusals arrive as "RefusedError: <why>": the why is what the person needs.
  const failed = (message: string) => setStatus({ text: t('saveFailed', message.replace(/^RefusedError: /, '')), failed: true });
  const remove = async (entry: RechargeEntry) => {
    try {
      await send('deletePurchase', { id: entry.id });
      setStatus({ text: t('purchaseDeleted', formatCoins(entry.coins, locale)), failed: false });
      if (editing?.id === entry.id) setEditing(null);
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error));
    }
    setConfirming(null);
    await load();
    onLedgerChanged();
    // The row and its buttons are gone: keep the keyboard's place at the list, not at the top of the page.
    document.getElementById('purchases-list-title')?.focus();
  };

  return (
    <section aria-labelledby="purchases-title">
      <h2 id="purchases-title">{t('purchasesTitle')}</h2>
      <p class="muted">{t('purchasesHelp')}</p>
      <PurchaseForm accounts={accounts} editing={editing} onSaved={saved} onFailed={failed} onCancel={() => setEditing(null)} />
      <StatusLine testid="purchase-status">{status && <span class={status.failed ? 'error' : 'saved'}>{status.text}</span>}</StatusLine>
      <h3 id="purchases-list-title" tabIndex={-1}>{t('purchasesListTitle')}</h3>
      {purchases.length === 0 ? <p data-testid="purchases-none">{t('purchasesNone')}</p> : (
        <table data-testid="purchases">
          <thead>
            <tr>
              <th scope="col">{t('purchaseWhenLabel')}</th><th scope="col">{t('coinsLabel')}</th><th scope="col">{t('pricePaidLabel')}</th>
              <th scope="col">{t('purchaseWhereColumn')}</th>{accounts.length > 1 && <th scope="col">{t('account')}</th>}
              <th scope="col">{t('purchaseExplainsColumn')}</th><th scope="col"><span class="visually-hidden">{t('actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {purchases.map((entry) => (
              <tr key={entry.id} data-testid="purchase-row" data-id={entry.id}>
                <td>{formatDateTime(entry.at, locale)}</td>
                <td data-testid="purchase-row-coins">{formatCoins(entry.coins, locale)}</td>
                <td data-testid="purchase-row-price">{entry.price ? formatMoney(entry.price, locale) : ''}</td>
                <td>{t(`where_${(entry.where ?? 'other').replaceAll('-', '_')}`)}</td>
                {accounts.length > 1 && <td>{labelOf(entry.account)}</td>}
                <td data-testid="purchase-row-explains">{explainsText(entry, locale)}</td>
                <td>
                  {confirming === entry.id ? (
                    <div class="actions" role="group" aria-label={t('deleteConfirm')}>
                      <span>{t('deleteConfirm')}</span>
                      <button type="button" data-testid="confirm-delete" onClick={() => void remove(entry)}>{t('delete')}</button>
                      <button type="button" data-testid="keep-purchase" onClick={() => setConfirming(null)}>{t('keep')}</button>
                    </div>
                  ) : (
                    <div class="actions">
                      <button type="button" data-testid="edit-purchase" onClick={() => { setEditing(entry); document.getElementById('purchase-coins')?.focus(); }}>{t('edit')}</button>
                      <button type="button" data-testid="delete-purchase" onClick={() => setConfirming(entry.id)}>{t('delete')}</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
