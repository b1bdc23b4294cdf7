import { render } from 'preact';
import { browser } from '../platform/browser';
import { openDb } from '../platform/db';
import { uiLocale } from '../platform/i18n';
import { SETTINGS_KEY, settingsFromStorage } from '../platform/settings';
import { BalancePopup } from './BalancePopup';

document.documentElement.lang = uiLocale();
const db = openDb();
const settingsPromise = browser.storage.local.get(SETTINGS_KEY).then((stored) => settingsFromStorage(stored[SETTINGS_KEY]));

render(<BalancePopup db={db} settings={settingsPromise} />, document.getElementById('app')!);
