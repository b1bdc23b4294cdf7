/**
 * Who hears of each limits refresh (guard.ts refreshGuards → onRefreshed): every rule's status, the rules and the
 * guard state. The badge, the threshold notifications and the DNR block rules (issue 9) register here from the
 * worker's wiring (background/index.ts), so the refresh knows nothing of them. Run in order; one failing does not
 * keep the others from running.
 */
import type { OnRefreshed } from './guard';

export const limitsListeners: OnRefreshed[] = [];

export const notifyLimitsListeners: OnRefreshed = async (statuses, rules, state) => {
  for (const listener of limitsListeners) {
    try {
      await listener(statuses, rules, state);
    } catch (error) {
      console.warn('Coinsight: a limits listener failed', error);
    }
  }
};
