import { render } from 'preact';
import { openDb } from '../platform/db';
import { messagesReady, t, uiLocale } from '../platform/i18n';
import { SCRATCH_KEEP_MS, sweepScratch } from '../platform/scratch-files';
import { OptionsPage } from './OptionsPage';

document.documentElement.lang = uiLocale();
// messagesReady: at once, unless the browser gave this page no messages (platform/message-fallback.ts).
void messagesReady().then(() => {
  document.title = t('optionsTitle');
  render(<OptionsPage db={openDb()} />, document.getElementById('app')!);
  // Earlier exports' scratch files, whose downloads are long done (platform/scratch-files.ts).
  void sweepScratch(Date.now() - SCRATCH_KEEP_MS);
});
