import { render } from 'preact';
import { openDb } from '../platform/db';
import { OptionsPage } from './OptionsPage';

render(<OptionsPage db={openDb()} />, document.getElementById('app')!);
