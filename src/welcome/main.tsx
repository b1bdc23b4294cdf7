import { render } from 'preact';
import { t, uiLocale } from '../platform/i18n';
import { WelcomePage } from './WelcomePage';

document.documentElement.lang = uiLocale();
document.title = t('welcomeTitle');
render(<WelcomePage />, document.getElementById('app')!);
