import { render } from 'preact';
import { browser } from '../platform/browser';
import { openDb } from '../platform/db';
import { SETTINGS_KEY, settingsFromStorage } from '../platform/settings';
import { BalancePopup } from './BalancePopup';

const db = openDb();
const settingsPromise = browser.storage.local.get(SETTINGS_KEY).then((stored) => settingsFromStorage(stored[SETTINGS_KEY]));

render(<BalancePopup db={db} settings={settingsPromise} />, document.getElementById('app')!);
