/**
 * Research mode's capture side in the worker (issue 12), wired by background/index.ts: the capture scripts'
 * registration follows the stored setting (registration.ts), and while research mode is on an alarm closes the
 * streaks of rooms that went quiet (finalise.ts). Both are re-asserted at every start-up.
 */
import type { CoinsightDb } from '../../platform/db';
import { RESEARCH_KEY } from '../../platform/research';
import { researchFromStorage } from '../../platform/research-settings';
import { FINALISE_ALARM, finaliseQuiet } from './finalise';
import { pseudonymsFor } from './keys';
import { researchRegistration, type RegistrationApi } from './registration';

export interface ResearchWiringApi {
  scripting: RegistrationApi;
  alarms: { create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): unknown; clear(name: string): Promise<unknown> };
  storage: { get(key: string): Promise<Record<string, unknown>> };
}

/** Chrome's shortest period: a silent room's streaks are closed within QUIET_MS + 30 s. */
const SWEEP_MINUTES = 0.5;

export function researchWiring(db: CoinsightDb, api: ResearchWiringApi, now: () => number, log: (...args: unknown[]) => void = console.warn) {
  const registration = researchRegistration(api.scripting, api.storage, log);
  const enabled = async (): Promise<ReturnType<typeof researchFromStorage>> => researchFromStorage((await api.storage.get(RESEARCH_KEY))[RESEARCH_KEY]);
  const syncAlarm = async (): Promise<void> => {
    if ((await enabled()).enabled) await api.alarms.create(FINALISE_ALARM, { periodInMinutes: SWEEP_MINUTES, delayInMinutes: SWEEP_MINUTES });
    else await api.alarms.clear(FINALISE_ALARM);
  };
  const sweep = async (): Promise<void> => {
    const settings = await enabled();
    if (!settings.enabled || settings.studyKeyId === null) return;
    const pseudonym = await pseudonymsFor(db, settings.studyKeyId);
    if (!pseudonym) return;
    const own = new Set(await Promise.all((await db.accounts.toArray()).map((account) => pseudonym(account.uid))));
    await db.transaction('rw', [db.roomGifts, db.ledger], () => finaliseQuiet(db, now(), own, true));
  };
  return {
    /** At start-up (needs no database). */
    start(): void {
      void registration.reassert();
      void syncAlarm().catch((error: unknown) => log('Coinsight: research alarm', error));
    },
    onLocalStorageChanged(changes: Record<string, unknown>): void {
      if (!(RESEARCH_KEY in changes)) return;
      registration.onLocalStorageChanged(changes);
      void syncAlarm().catch((error: unknown) => log('Coinsight: research alarm', error));
    },
    /** Behind the database's readiness (the caller's). */
    onAlarm(name: string): Promise<void> | undefined {
      return name === FINALISE_ALARM ? sweep().catch((error: unknown) => log('Coinsight: research finalise sweep', error)) : undefined;
    },
  };
}
