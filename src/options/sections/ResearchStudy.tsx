/**
 * The study a participant takes part in: its name (shown in the export's metadata) and its key (core/research-key.ts:
 * 32+ hex digits, `base64:` + 16+ bytes, or a passphrase of 12+ characters), from which every participant makes the
 * same sender pseudonyms. Empty key: a key generated for this install. The key text is sent to the worker once and
 * never shown again; only its id is.
 */
import { useState } from 'preact/hooks';
import { MIN_PASSPHRASE_LENGTH } from '../../core/research-key';
import { t } from '../../platform/i18n';
import type { ResearchState } from '../../platform/protocol';
import { Field } from '../ui';

export interface StudyChoice {
  studyName?: string | null;
  studyKey?: string | null;
}

/** The two fields, for the consent screen and for a later change. */
export function StudyFields({ name, keyText, onName, onKey }: { name: string; keyText: string; onName: (v: string) => void; onKey: (v: string) => void }) {
  return (
    <>
      <Field id="research-study-name" label={t('researchStudyName')} hint={t('researchStudyNameHelp')}>
        <input id="research-study-name" data-testid="research-study-name" maxLength={100} value={name} onInput={(e) => onName((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="research-study-key" label={t('researchStudyKey')} hint={t('researchStudyKeyHelp', String(MIN_PASSPHRASE_LENGTH))}>
        <input type="password" id="research-study-key" data-testid="research-study-key" autocomplete="off" value={keyText} onInput={(e) => onKey((e.target as HTMLInputElement).value)} />
      </Field>
    </>
  );
}

/** What the fields ask for: the name as typed (empty = none), a key only when one was typed. */
export function studyChoice(name: string, keyText: string): StudyChoice {
  return { studyName: name.trim() || null, ...(keyText.trim() ? { studyKey: keyText } : {}) };
}

export function ResearchStudy({ state, onSave }: { state: ResearchState; onSave: (study: StudyChoice) => Promise<boolean> }) {
  const [name, setName] = useState(state.settings.studyName ?? '');
  const [keyText, setKeyText] = useState('');
  const key = state.key;
  const save = async () => {
    if (await onSave(studyChoice(name, keyText))) setKeyText('');
  };
  return (
    <form data-testid="research-study" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{t('researchStudyTitle')}</h3>
      <p data-testid="research-key" class="muted">
        {key ? t(key.kind === 'study' ? 'researchKeyStudy' : 'researchKeyInstall', [key.id, t(`researchKeyFrom_${key.from}`)]) : t('researchKeyNone')}
      </p>
      <StudyFields name={name} keyText={keyText} onName={setName} onKey={setKeyText} />
      <div class="actions">
        <button type="submit" data-testid="research-study-save">{t('researchStudySave')}</button>
        {key?.kind === 'study' && (
          <button type="button" data-testid="research-install-key" onClick={() => void onSave({ studyKey: null })}>{t('researchUseInstallKey')}</button>
        )}
      </div>
    </form>
  );
}
