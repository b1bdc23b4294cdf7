/**
 * Limit messages (issue 9). The seam: the messages exist so every context can be built against them; the handlers
 * are filled in with the rules' door (validation, chained writes, the guard state, the override log).
 */
import type { CoinsightDb } from '../../platform/db';
import type { Handlers } from '../router';
import { RefusedError } from '../router';
import type { LocalStorageArea } from './settings';

type LimitHandlers = Pick<Handlers, 'saveLimit' | 'deleteLimit' | 'limitsView' | 'limitOverrides' | 'inPageLimits' | 'overrideLimit'>;

export function limitHandlers(_db: CoinsightDb, _storage: LocalStorageArea): LimitHandlers {
  const notYet = async (): Promise<never> => {
    throw new RefusedError('limits are not built yet');
  };
  return { saveLimit: notYet, deleteLimit: notYet, limitsView: notYet, limitOverrides: notYet, inPageLimits: notYet, overrideLimit: notYet };
}
