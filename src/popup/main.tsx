import { render } from 'preact';
import { browser } from '../platform/browser';
import { openDb } from '../platform/db';
import { messagesReady, uiLocale } from '../platform/i18n';
import { SETTINGS_KEY, settingsFromStorage } from '../platform/settings';
import { BalancePopup } from './BalancePopup';

document.documentElement.lang = uiLocale();
const db = openDb();
const settingsPromise = browser.storage.local.get(SETTINGS_KEY).then((stored) => settingsFromStorage(stored[SETTINGS_KEY]));

// messagesReady: at once, unless the browser gave this page no messages (platform/message-fallback.ts).
void messagesReady().then(() => render(<BalancePopup db={db} settings={settingsPromise} />, document.getElementById('app')!));
