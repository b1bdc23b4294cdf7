/**
 * Reading the research settings (platform/research.ts) from storage.local: anything damaged or missing reads as off,
 * without consent, so a broken value can never switch logging on. Written only by the worker
 * (background/handlers/research-settings.ts); every context may read it.
 */
import type { ResearchSettings } from './research';

export const RESEARCH_OFF: ResearchSettings = { enabled: false, consentedAt: null, studyName: null, studyKeyId: null };
export const MAX_STUDY_NAME = 100;

export function researchFromStorage(value: unknown): ResearchSettings {
  if (typeof value !== 'object' || value === null) return RESEARCH_OFF;
  const v = value as Record<string, unknown>;
  const consentedAt = typeof v.consentedAt === 'number' && Number.isFinite(v.consentedAt) ? v.consentedAt : null;
  const studyName = typeof v.studyName === 'string' && v.studyName.length <= MAX_STUDY_NAME ? v.studyName : null;
  const studyKeyId = typeof v.studyKeyId === 'string' && /^k_[0-9a-f]{16}$/.test(v.studyKeyId) ? v.studyKeyId : null;
  // On only with a consent on record and a key to pseudonymise under.
  const enabled = v.enabled === true && consentedAt !== null && studyKeyId !== null;
  return { enabled, consentedAt, studyName, studyKeyId };
}
