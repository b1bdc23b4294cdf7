/**
 * Research mode's settings in the worker (issue 12), from extension pages only (platform/protocol.ts):
 * - `researchSettings`: switching on needs the participant's consent, given in the same request (`consent: true`) or
 *   before (`consentedAt` on record); switching off writes `enabled: false` at once (the capture side stops on that
 *   change) and keeps the consent, the study and the log; the study name; the study key (core/research-key.ts), whose
 *   bytes go into IndexedDB (`researchKeys`) and whose id alone into storage.local (content scripts can read that).
 *   Switching on without a study key generates a key for this install. Bad input is refused with the reason, and
 *   nothing is written: a refused request leaves the settings as they were.
 * - `researchDelete`: deletes every row of the room log (offered when switching off); the settings stay.
 * Both are settings writes: they go through the settings queue, like every other (and a parental lock guards them).
 * An administrator's study (managed policy: `managed`, wired at merge to background/managed/policy.ts managedResearch)
 * wins over the participant's: its key and name are used, a different one is refused, and its `enabled: false` keeps
 * research mode off. It never gives consent: switching on still needs the participant's.
 */
import { generatedKey, keyFromText, keyIdOf, readKeyText } from '../../core/research-key';
import type { CoinsightDb, ResearchKeyRow } from '../../platform/db';
import type { ResearchSettingsRequest, ResearchState } from '../../platform/protocol';
import { RESEARCH_KEY, type ResearchSettings } from '../../platform/research';
import { readResearch } from '../../platform/research-state';
import { RefusedError, type Handlers } from '../router';
import { inSettingsQueue } from '../settings-queue';
import type { LocalStorageArea } from './settings';

/** The study an administrator set (the managed policy's `research`), or null. */
export interface ManagedStudy {
  enabled: boolean;
  studyKey: string | null;
  studyName: string | null;
}

export function researchHandlers(
  db: CoinsightDb, storage: LocalStorageArea, now: () => number, managed: () => Promise<ManagedStudy | null> = async () => null,
): Pick<Handlers, 'researchSettings' | 'researchDelete'> {
  return {
    researchSettings: async (request) => changeResearch(db, storage, withManagedStudy(request, await managed()), now),
    researchDelete: async () => {
      // In the queue: a switch-on waiting there is not overtaken, and a delete does not race a key change.
      const deleted = await inSettingsQueue(() => db.transaction('rw', db.roomGifts, async () => {
        const count = await db.roomGifts.count();
        await db.roomGifts.clear();
        return count;
      }));
      return { deleted };
    },
  };
}

/** The request as the administrator's study allows it (thrown: why not). */
export function withManagedStudy(request: ResearchSettingsRequest, policy: ManagedStudy | null): ResearchSettingsRequest {
  if (!policy) return request;
  if (!policy.enabled && request.enabled) throw new RefusedError('research mode is switched off by your administrator');
  const set = (asked: string | null | undefined, fixed: string | null, what: string): string | null | undefined => {
    if (fixed === null) return asked;
    if (asked !== undefined && (asked ?? '').trim() !== fixed.trim()) throw new RefusedError(`the ${what} is set by your administrator`);
    return fixed;
  };
  const studyKey = set(request.studyKey, policy.studyKey, 'study key');
  const studyName = set(request.studyName, policy.studyName, 'study name');
  return { ...request, ...(studyKey !== undefined ? { studyKey } : {}), ...(studyName !== undefined ? { studyName } : {}) };
}

export function changeResearch(db: CoinsightDb, storage: LocalStorageArea, request: ResearchSettingsRequest, now: () => number): Promise<ResearchState> {
  // The key text is checked before anything else, so a bad key refuses the whole request (nothing half-applied).
  const keyText = typeof request.studyKey === 'string' ? readKeyText(request.studyKey) : null;
  if (keyText && !keyText.ok) return Promise.reject(new RefusedError(keyText.reason));
  if (request.consent === false && request.enabled) return Promise.reject(new RefusedError('research mode cannot be switched on while consent is withdrawn'));
  return inSettingsQueue(async () => {
    const stored = await readResearch(db, storage);
    const before = stored.settings;
    const at = now();
    const consentedAt = request.consent === true ? at : request.consent === false ? null : before.consentedAt;
    if (request.enabled && consentedAt === null) {
      throw new RefusedError('research mode needs the participant\'s consent first (the consent screen)');
    }
    let keyId = before.studyKeyId;
    let keyRow: ResearchKeyRow | null = null;
    if (keyText?.ok) {
      const bytes = await keyFromText(keyText);
      keyRow = { id: await keyIdOf(bytes), kind: 'study', from: keyText.form, bytes, createdAt: at };
    } else if (request.studyKey === null || (request.enabled && (keyId === null || stored.key === null))) {
      // Back to (or first use of) an install key: the one already made, else a new one.
      const existing = await db.researchKeys.filter((row) => row.kind === 'install').first();
      const bytes = existing?.bytes ?? generatedKey();
      keyRow = existing ?? { id: await keyIdOf(bytes), kind: 'install', from: 'generated', bytes, createdAt: at };
    }
    if (keyRow) {
      await db.researchKeys.put(keyRow);
      keyId = keyRow.id;
    }
    const studyName = request.studyName === undefined ? before.studyName : request.studyName?.trim() || null;
    // Withdrawing consent (consent: false) switches logging off too.
    const settings: ResearchSettings = { enabled: request.enabled && consentedAt !== null, consentedAt, studyName, studyKeyId: keyId };
    await storage.set({ [RESEARCH_KEY]: settings });
    return readResearch(db, storage);
  });
}
