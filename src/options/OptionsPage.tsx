/**
 * The options page: one section per concern (sections/), each reading the settings it shows and writing them only
 * through the background's updateSettings message; purchases typed in by hand go through purchases/* messages, and
 * limits through limits/* messages.
 */
import { useState } from 'preact/hooks';
import type { CoinsightDb } from '../platform/db';
import { t } from '../platform/i18n';
import { DataSection } from './sections/DataSection';
import { DiagnosticsSection } from './sections/DiagnosticsSection';
import { DiamondValueSection } from './sections/DiamondValueSection';
import { ExchangeRatesSection } from './sections/ExchangeRatesSection';
import { GeneralSection } from './sections/GeneralSection';
import { LimitsSection } from './sections/LimitsSection';
import { LockSection } from './sections/LockSection';
import { UnlockPrompt } from './sections/UnlockPrompt';
import { LockResetBanner } from '../ui/LockResetBanner';
import { ParentSection } from './sections/ParentSection';
import { PurchasesSection } from './sections/PurchasesSection';
import { RateBasesSection } from './sections/RateBasesSection';
import { ResearchSection } from './sections/ResearchSection';
import { useSettings } from './ui';

export function OptionsPage({ db }: { db: CoinsightDb }) {
  const handle = useSettings();
  // Bumped after a purchase is saved or deleted: "your purchases" averages are read again.
  const [ledgerVersion, setLedgerVersion] = useState(0);
  return (
    <div data-testid="options-ready">
      <h1>{t('optionsTitle')}</h1>
      <p><a href="../welcome/index.html" target="_blank" data-testid="welcome-link">{t('welcomeAgain')}</a></p>
      <LockResetBanner />
      {handle ? (
        <>
          <GeneralSection handle={handle} />
          <LimitsSection db={db} displayCurrency={handle.settings.displayCurrency} />
          <LockSection />
          <PurchasesSection db={db} onLedgerChanged={() => setLedgerVersion((version) => version + 1)} />
          <RateBasesSection handle={handle} db={db} ledgerVersion={ledgerVersion} />
          <ExchangeRatesSection handle={handle} />
          <DiamondValueSection handle={handle} />
          <DataSection db={db} onLedgerChanged={() => setLedgerVersion((version) => version + 1)} />
          <ParentSection />
          <ResearchSection db={db} />
        </>
      ) : <p class="muted">{t('loading')}</p>}
      <DiagnosticsSection db={db} />
      <UnlockPrompt />
    </div>
  );
}
