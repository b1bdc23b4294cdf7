import { render } from 'preact';
import { messagesReady, t, uiLocale } from '../platform/i18n';
import { WelcomePage } from './WelcomePage';

document.documentElement.lang = uiLocale();
// messagesReady: at once, unless the browser gave this page no messages (platform/message-fallback.ts).
void messagesReady().then(() => {
  document.title = t('welcomeTitle');
  render(<WelcomePage />, document.getElementById('app')!);
});
