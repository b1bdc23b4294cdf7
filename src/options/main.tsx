import { render } from 'preact';
import { openDb } from '../platform/db';
import { t, uiLocale } from '../platform/i18n';
import { OptionsPage } from './OptionsPage';

document.documentElement.lang = uiLocale();
document.title = t('optionsTitle');
render(<OptionsPage db={openDb()} />, document.getElementById('app')!);
