/**
 * Research mode's capture message (issue 12): the research relay's batches of raw webcast frames, turned into the
 * room log by background/research/capture.ts (refused, storing nothing, while research mode is off).
 */
import type { CoinsightDb } from '../../platform/db';
import { captureFrames } from '../research/capture';
import type { Handlers } from '../router';
import type { LocalStorageArea } from './settings';

export function researchCaptureHandlers(db: CoinsightDb, storage: LocalStorageArea, now: () => number): Pick<Handlers, 'researchFrames'> {
  return { researchFrames: (payload) => captureFrames({ db, storage, now }, payload) };
}
