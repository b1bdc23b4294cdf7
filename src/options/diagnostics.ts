// Groups stored diagnostics for display: one row per (endpoint, reason) with a count and the latest time.
import type { DiagnosticRow } from '../platform/db';

export interface DiagnosticGroup {
  endpoint: string;
  reason: string;
  count: number;
  lastAt: number;
}

export function groupDiagnostics(rows: readonly DiagnosticRow[]): DiagnosticGroup[] {
  const groups = new Map<string, DiagnosticGroup>();
  for (const row of rows) {
    const key = `${row.endpoint}\u0000${row.reason}`;
    const group = groups.get(key) ?? { endpoint: row.endpoint, reason: row.reason, count: 0, lastAt: 0 };
    group.count += row.count ?? 1;
    group.lastAt = Math.max(group.lastAt, row.at);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.lastAt - a.lastAt);
}
