/**
 * Export: a format, filters (dates, kinds, account), optional pseudonyms, then a real download. The file is built
 * page by page (data/export-file.ts) with progress shown; a CSV's metadata is offered beside it as `.meta.json`.
 */
import { useEffect, useState } from 'preact/hooks';
import { ENTRY_KINDS, EXPORT_FORMATS, MIN_STUDY_KEY_LENGTH, type ExportFormat } from '../../core/export';
import type { EntryKind } from '../../core/ledger';
import { browser } from '../../platform/browser';
import { now, timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { download, exportFile, type ExportChoice, type ExportProgress, type Pseudonymisation } from '../data/export-file';
import { knownAccounts, type KnownAccount } from '../ledger-reads';
import { Field, StatusLine } from '../ui';
import { ReviewPanel } from './ReviewPanel';

type Mode = Pseudonymisation['mode'];

/** A day picked in a date input, as the epoch ms of that local midnight (null when empty). */
const dayStart = (value: string, plusDays = 0): number | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).getTime();
};

export function exportEnv(db: CoinsightDb) {
  return { db, readLocal: (key: string) => browser.storage.local.get(key), timeZone: timeZone(), now: now(), extensionVersion: browser.runtime.getManifest().version };
}

export function ExportPanel({ db }: { db: CoinsightDb }) {
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kinds, setKinds] = useState<Set<EntryKind>>(new Set(ENTRY_KINDS));
  const [account, setAccount] = useState('');
  const [accounts, setAccounts] = useState<KnownAccount[]>([]);
  const [mode, setMode] = useState<Mode>('none');
  const [studyKey, setStudyKey] = useState('');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ text: string; sidecar: { url: string; name: string } | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void knownAccounts(db).then(setAccounts), [db]);

  const toggleKind = (kind: EntryKind) => setKinds((current) => {
    const next = new Set(current);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    return next;
  });

  const [reviewing, setReviewing] = useState<ExportChoice | null>(null);

  /** The choice the form describes, or null (with the reason shown) when it is not complete. */
  const choiceOf = (): ExportChoice | null => {
    setError(null);
    setDone(null);
    if (mode === 'study' && studyKey.trim().length < MIN_STUDY_KEY_LENGTH) {
      setError(t('exportStudyKeyShort', String(MIN_STUDY_KEY_LENGTH)));
      return null;
    }
    return {
      format,
      filters: { from: dayStart(from), to: dayStart(to, 1), kinds: kinds.size === ENTRY_KINDS.length ? null : [...kinds], account: account || null },
      pseudonymisation: mode === 'study' ? { mode, key: studyKey } : { mode },
    };
  };

  const start = async () => {
    const choice = choiceOf();
    if (!choice) return;
    setBusy(true);
    setProgress({ read: 0, total: 0 });
    try {
      const file = await exportFile(exportEnv(db), choice, setProgress);
      download(file.blob, file.fileName);
      const sidecarName = file.fileName.replace(/\.csv$/, '.meta.json');
      setDone({
        text: t('exportDone', [file.summary.entries.toLocaleString(uiLocale()), file.fileName]),
        sidecar: file.sidecar ? { url: URL.createObjectURL(file.sidecar), name: sidecarName } : null,
      });
    } catch (failure) {
      setError(t('exportFailed', failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form data-testid="export-form" onSubmit={(event) => { event.preventDefault(); void start(); }}>
      <h3>{t('exportTitle')}</h3>
      <p class="muted">{t('exportHelp')}</p>
      <Field id="export-format" label={t('exportFormat')}>
        <select id="export-format" data-testid="export-format" value={format} onChange={(event) => setFormat((event.target as HTMLSelectElement).value as ExportFormat)}>
          {EXPORT_FORMATS.map((name) => <option key={name} value={name}>{t(`exportFormat_${name}`)}</option>)}
        </select>
      </Field>
      <Field id="export-from" label={t('exportFrom')}>
        <input type="date" id="export-from" data-testid="export-from" value={from} onInput={(event) => setFrom((event.target as HTMLInputElement).value)} />
      </Field>
      <Field id="export-to" label={t('exportTo')}>
        <input type="date" id="export-to" data-testid="export-to" value={to} onInput={(event) => setTo((event.target as HTMLInputElement).value)} />
      </Field>
      <fieldset>
        <legend>{t('exportKinds')}</legend>
        {ENTRY_KINDS.map((kind) => (
          <label key={kind} class="inline">
            <input type="checkbox" data-testid={`export-kind-${kind}`} checked={kinds.has(kind)} onChange={() => toggleKind(kind)} /> {t(`exportKind_${kind.replace('-', '_')}`)}
          </label>
        ))}
      </fieldset>
      <Field id="export-account" label={t('exportAccount')}>
        <select id="export-account" data-testid="export-account" value={account} onChange={(event) => setAccount((event.target as HTMLSelectElement).value)}>
          <option value="">{t('exportAllAccounts')}</option>
          {accounts.map((known) => <option key={known.uid} value={known.uid}>{known.label}</option>)}
        </select>
      </Field>
      <fieldset>
        <legend>{t('exportPseudonyms')}</legend>
        {(['none', 'random', 'study'] as const).map((choice) => (
          <label key={choice} class="inline">
            <input type="radio" name="export-pseudonyms" data-testid={`export-pseudonyms-${choice}`} checked={mode === choice} onChange={() => setMode(choice)} /> {t(`exportPseudonyms_${choice}`)}
          </label>
        ))}
        {mode === 'study' && (
          <Field id="export-study-key" label={t('exportStudyKey')} hint={t('exportStudyKeyHelp')}>
            <input type="password" id="export-study-key" data-testid="export-study-key" autocomplete="off" value={studyKey} onInput={(event) => setStudyKey((event.target as HTMLInputElement).value)} />
          </Field>
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" data-testid="export-start" disabled={busy}>{t('exportStart')}</button>
        <button type="button" data-testid="review-open" disabled={busy} onClick={() => setReviewing(choiceOf())}>{t('reviewOpen')}</button>
        <StatusLine testid="export-status">
          {busy && progress && <span data-testid="export-progress">{t('exportProgress', [progress.read.toLocaleString(uiLocale()), progress.total.toLocaleString(uiLocale())])}</span>}
          {done && <span data-testid="export-done" class="saved">{done.text}</span>}
          {done?.sidecar && <> <a href={done.sidecar.url} download={done.sidecar.name} data-testid="export-sidecar">{t('exportSidecar')}</a></>}
          {error && <span data-testid="export-error" class="error" role="alert">{error}</span>}
        </StatusLine>
      </div>
      {reviewing && <ReviewPanel db={db} env={exportEnv(db)} choice={reviewing} onClose={() => setReviewing(null)} />}
    </form>
  );
}
