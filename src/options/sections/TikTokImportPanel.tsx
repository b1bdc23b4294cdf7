/**
 * Import TikTok's own "Download your data" JSON: what the file holds is shown first (rows, date range, amounts as
 * written); what it does not state (the unit of GiftAmount and Price, the time zone of Date) is shown as unknown and
 * must be chosen, as must the account, before anything can be checked or imported; then the worker's plan shows how
 * many rows overlap what Coinsight captured (not counted again) and how many are history (counted once), and only
 * then does "Import" write them, all or nothing. See background/handlers/tiktok-import.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TikTokDownload } from '../../core/export/tiktok-download';
import { ledgerEntriesFrom, missingAnswers, overviewOf, type PartialAnswers } from '../../core/export/tiktok-entries';
import type { AmountUnit } from '../../core/export/tiktok-import';
import type { ImportReport } from '../../core/import-plan';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import { readDownload, sendImport } from '../data/tiktok-file';
import { knownAccounts, type KnownAccount } from '../ledger-reads';
import { CurrencySelect, Field, StatusLine } from '../ui';
import { ImportReportView } from './TikTokImportReport';

const NO_ANSWERS: PartialAnswers = { giftAmountUnit: null, priceUnit: null, timeZone: null, account: null };
/** The account choice meaning "none of these": the rows go to the unknown account (''). */
const OTHER_ACCOUNT = '-';

const zones = (() => {
  let cached: string[] | null = null;
  return () => (cached ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]);
})();

function UnitQuestion({ id, label, unit, onChange }: { id: string; label: string; unit: AmountUnit | null; onChange: (unit: AmountUnit | null) => void }) {
  const kind = unit?.kind ?? '';
  return (
    <Field id={id} label={label} hint={t('tiktokUnknownInFile')}>
      <select id={id} data-testid={id} value={kind} onChange={(event) => {
        const value = (event.target as HTMLSelectElement).value;
        onChange(value === 'coins' ? { kind: 'coins' } : value === 'money' ? { kind: 'money', currency: '' } : null);
      }}>
        <option value="">{t('tiktokUnitUnknown')}</option>
        <option value="coins">{t('tiktokUnitCoins')}</option>
        <option value="money">{t('tiktokUnitMoney')}</option>
      </select>
      {unit?.kind === 'money' && (
        <CurrencySelect id={`${id}-currency`} value={unit.currency} emptyLabel={t('tiktokChooseCurrency')} onChange={(currency) => onChange({ kind: 'money', currency })} />
      )}
    </Field>
  );
}

export function TikTokImportPanel({ db, onImported }: { db: CoinsightDb; onImported: () => void }) {
  const [download, setDownload] = useState<TikTokDownload | null>(null);
  const [fileName, setFileName] = useState('');
  const [answers, setAnswers] = useState<PartialAnswers>(NO_ANSWERS);
  const [accounts, setAccounts] = useState<KnownAccount[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [keptOut, setKeptOut] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void knownAccounts(db).then(setAccounts), [db]);
  const number = (value: number) => value.toLocaleString(uiLocale());
  const answer = (patch: Partial<PartialAnswers>) => {
    setAnswers((current) => ({ ...current, ...patch }));
    setReport(null);
  };

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    // Read again: an account first seen while this page was open is one to offer too.
    void knownAccounts(db).then(setAccounts);
    setDownload(null);
    setReport(null);
    setError(null);
    setAnswers(NO_ANSWERS);
    setFileName(file.name);
    const result = await readDownload(file);
    if (!result.ok) setError(t('tiktokRefused', [file.name, result.reason]));
    else if (result.download.skipped[0]) {
      const bad = result.download.skipped[0];
      setError(t('tiktokRefused', [file.name, `${bad.section} row ${bad.row + 1}: ${bad.reason}`]));
    } else setDownload(result.download);
  };

  const run = async (write: boolean) => {
    if (!download) return;
    const entries = ledgerEntriesFrom(download, answers);
    if (!entries.ok) {
      setError(t('tiktokRefused', [fileName, entries.reason]));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await sendImport(entries.entries, send, crypto.randomUUID(), write);
      setKeptOut(entries.keptOut.length);
      setReport(next);
      if (write) onImported();
    } catch (failure) {
      setError(t('tiktokRefused', [fileName, failure instanceof Error ? failure.message : String(failure)]));
    } finally {
      setBusy(false);
    }
  };

  const overview = download ? overviewOf(download) : null;
  const missing = download ? missingAnswers(download, answers) : [];
  const asks = (fact: 'gift-amount-unit' | 'price-unit' | 'time-zone') => download?.unknowns.includes(fact) ?? false;
  return (
    <div data-testid="tiktok-import">
      <h3>{t('tiktokTitle')}</h3>
      <p class="muted">{t('tiktokHelp')}</p>
      <Field id="tiktok-file" label={t('tiktokFile')}>
        <input type="file" id="tiktok-file" data-testid="tiktok-file" accept=".json,application/json" disabled={busy} onChange={(event) => void choose(event.target as HTMLInputElement)} />
      </Field>
      {overview && download && (
        <div data-testid="tiktok-found">
          <p>{t('tiktokFound', [number(overview.gifts), number(overview.purchases), overview.firstDate ?? '—', overview.lastDate ?? '—'])}</p>
          <p class="muted">{t('tiktokAmounts', [overview.giftAmountTotal, overview.priceTotal, `${download.variant.activity} › ${download.variant.purchases}`])}</p>
          {asks('gift-amount-unit') && <UnitQuestion id="tiktok-unit-gift" label={t('tiktokGiftUnit')} unit={answers.giftAmountUnit} onChange={(giftAmountUnit) => answer({ giftAmountUnit })} />}
          {asks('price-unit') && <UnitQuestion id="tiktok-unit-price" label={t('tiktokPriceUnit')} unit={answers.priceUnit} onChange={(priceUnit) => answer({ priceUnit })} />}
          {asks('time-zone') && (
            <Field id="tiktok-zone" label={t('tiktokZone')} hint={t('tiktokUnknownInFile')}>
              <select id="tiktok-zone" data-testid="tiktok-zone" value={answers.timeZone ?? ''} onChange={(event) => answer({ timeZone: (event.target as HTMLSelectElement).value || null })}>
                <option value="">{t('tiktokZoneUnknown')}</option>
                {zones().map((zone) => <option key={zone} value={zone}>{zone}</option>)}
              </select>
            </Field>
          )}
          <Field id="tiktok-account" label={t('tiktokAccount')} hint={t('tiktokAccountHint')}>
            <select id="tiktok-account" data-testid="tiktok-account" value={answers.account === null ? '' : answers.account === '' ? OTHER_ACCOUNT : answers.account}
              onChange={(event) => {
                const value = (event.target as HTMLSelectElement).value;
                answer({ account: value === '' ? null : value === OTHER_ACCOUNT ? '' : value });
              }}>
              <option value="">{t('tiktokAccountUnknown')}</option>
              {accounts.map((known) => <option key={known.uid} value={known.uid}>{known.label}</option>)}
              <option value={OTHER_ACCOUNT}>{t('tiktokAccountOther')}</option>
            </select>
          </Field>
          {missing.length > 0 && <p class="hint" data-testid="tiktok-missing">{t('tiktokMissing', missing.map((q) => t(`tiktokQuestion_${q.replaceAll('-', '_')}`)).join(', '))}</p>}
          <div class="actions">
            <button type="button" data-testid="tiktok-check" disabled={busy || missing.length > 0} onClick={() => void run(false)}>{t('tiktokCheck')}</button>
            {report && !report.written && (
              <button type="button" class="primary" data-testid="tiktok-import-start" disabled={busy} onClick={() => void run(true)}>{t('tiktokImport')}</button>
            )}
          </div>
        </div>
      )}
      {report && <ImportReportView report={report} keptOut={keptOut} />}
      <StatusLine testid="tiktok-status">{busy && <span data-testid="tiktok-progress">{t('tiktokWorking')}</span>}</StatusLine>
      {error && <p class="field-error" role="alert" data-testid="tiktok-error">{error}</p>}
    </div>
  );
}
