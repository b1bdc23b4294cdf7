/** What `parent/summary` returns: the summary read model plus what the worker knows beside the ledger. */
import type { ParentSummary } from './parent-summary';

export interface ParentView extends ParentSummary {
  /** The administrator's policy: whether one applies, and what of it was left out (plain sentences). */
  managed: { active: boolean; limits: number; lock: boolean; research: boolean; problems: string[] };
  /** The last heartbeat (epoch ms), null before the first. */
  lastBeat: number | null;
}
