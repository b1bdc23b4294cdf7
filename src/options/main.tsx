import { render } from 'preact';
import { openDb } from '../platform/db';
import { messagesReady, t, uiLocale } from '../platform/i18n';
import { OptionsPage } from './OptionsPage';

document.documentElement.lang = uiLocale();
// messagesReady: at once, unless the browser gave this page no messages (platform/message-fallback.ts).
void messagesReady().then(() => {
  document.title = t('optionsTitle');
  render(<OptionsPage db={openDb()} />, document.getElementById('app')!);
});
