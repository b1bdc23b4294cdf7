/**
 * What the options page shows of research mode, and what the worker replies to a change: the settings and which key
 * sender pseudonyms are made under (its id, kind and how it was entered; never its bytes).
 */
import type { CoinsightDb } from './db';
import type { ResearchState } from './protocol';
import { RESEARCH_KEY } from './research';
import { researchFromStorage } from './research-settings';

export async function readResearch(db: CoinsightDb, storage: { get(key: string): Promise<Record<string, unknown>> }): Promise<ResearchState> {
  const settings = researchFromStorage((await storage.get(RESEARCH_KEY))[RESEARCH_KEY]);
  const row = settings.studyKeyId === null ? undefined : await db.researchKeys.get(settings.studyKeyId);
  return { settings, key: row ? { id: row.id, kind: row.kind, from: row.from } : null };
}
