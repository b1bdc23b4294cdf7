/**
 * What the Balance view shows, in two steps so the numbers come first: the coin figures (bounded rollup reads,
 * queries/balance.ts), then the money figures from a lazily loaded module (./money: the cost basis of the periods, the
 * listed rows and the LIVE being watched, and the components that show them). Each step is its own state, so a slow
 * or failed money read never hides the coins.
 */
import { useEffect, useState } from 'preact/hooks';
import { recentRows, type ActivityRow } from '../core/streaks';
import { now as clockNow, timeZone } from '../platform/clock';
import type { CoinsightDb } from '../platform/db';
import type { Settings } from '../platform/settings';
import { RECENT_ENTRIES, loadBalanceView, type BalanceView } from '../queries/balance';

/** Rows the activity list shows. */
export const RECENT_ROWS = 20;

export type Step<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface CoinFigures {
  view: BalanceView;
  now: number;
  timeZone: string;
  settings: Settings;
  rows: ActivityRow[];
  /** The only row is a streak the read cut: more of it came before. */
  partial: boolean;
}

/** The lazily loaded money module, and the figures it worked out. */
export type MoneyModule = typeof import('./money');
export interface Money {
  ui: MoneyModule;
  figures: import('./money').MoneyFigures;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function useBalanceData(db: CoinsightDb, settings: Promise<Settings>, account: string | undefined): { coins: Step<CoinFigures>; money: Step<Money> } {
  const [coins, setCoins] = useState<Step<CoinFigures>>({ status: 'loading' });
  const [money, setMoney] = useState<Step<Money>>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    setMoney({ status: 'loading' });
    // Fetched while the coin figures load.
    const moduleLoaded = import('./money');
    const loadCoins = async (): Promise<CoinFigures> => {
      const s = await settings;
      const now = clockNow();
      const zone = timeZone();
      const view = await loadBalanceView(db, { now, weekStart: s.weekStart, timeZone: zone, ...(account !== undefined ? { account } : {}) });
      const { rows, partial } = recentRows(view.recent, RECENT_ROWS, view.recent.length === RECENT_ENTRIES);
      return { view, now, timeZone: zone, settings: s, rows, partial };
    };
    loadCoins()
      .then((figures) => {
        if (cancelled) return;
        setCoins({ status: 'ready', value: figures });
        return moduleLoaded
          .then(async (ui) => ({ ui, figures: await ui.loadMoney(db, figures) }))
          .then(
            (value) => !cancelled && setMoney({ status: 'ready', value }),
            (error: unknown) => !cancelled && setMoney({ status: 'error', message: messageOf(error) }),
          );
      })
      .catch((error: unknown) => !cancelled && setCoins({ status: 'error', message: messageOf(error) }));
    return () => {
      cancelled = true;
    };
  }, [db, settings, account]);

  return { coins, money };
}
