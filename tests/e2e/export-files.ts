/**
 * Checks of exported files shared by the Chromium and Firefox data tests (data.e2e.ts, firefox-data.e2e.ts): the
 * shipped schema, the CSV read by Python's csv module (RFC 4180), rows turned back into ledger entries as restore does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { validateAgainst } from '../../src/core/export/json-schema-subset';
import { rowToEntry } from '../../src/core/export/restore-records';
import type { JsonSchema } from '../../src/core/export/schema-document';
import type { LedgerEntry } from '../../src/core/ledger';
import { ROOT } from './harness';

export const SCHEMA = JSON.parse(readFileSync(`${ROOT}/public/export-schema.json`, 'utf8')) as JsonSchema;

export const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** What restore compares: the entry a row stands for (the cost columns are derived, and ignored). */
export const entryOf = (row: Record<string, unknown>): LedgerEntry => {
  const result = rowToEntry(row);
  if (!result.ok) throw new Error(result.reason);
  return result.entry;
};

/** The CSV as Python's csv module reads it (strict: a malformed quote fails the test). */
export function csvRows(body: string): Record<string, string>[] {
  return JSON.parse(execFileSync('python3', ['-c', 'import csv,json,sys; print(json.dumps(list(csv.DictReader(sys.stdin, strict=True))))'], { input: body, encoding: 'utf8' })) as Record<string, string>[];
}

/** A JSON export, checked against the shipped schema. */
export function jsonExportOf<T = { metadata: Record<string, unknown>; settings?: Record<string, unknown>; entries: Record<string, unknown>[]; balances: { id: string }[]; summary: { entries: number } }>(body: string): T {
  const doc = JSON.parse(body) as T;
  expect(validateAgainst(SCHEMA, doc)).toBeNull();
  return doc;
}

/** An NDJSON export's lines, each checked against the shipped schema. */
export function ndjsonLinesOf(body: string): Record<string, unknown>[] {
  const lines = body.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const line of lines) expect(validateAgainst(SCHEMA, line, { $ref: '#/$defs/ndjsonLine' })).toBeNull();
  return lines;
}

/**
 * In an extension page (passed to `evaluate`, so self-contained): the exports' scratch files on disk
 * (src/platform/scratch-files.ts), with their sizes; null when the scratch folder does not exist.
 */
export async function scratchFilesInPage(dirName: string): Promise<{ name: string; size: number }[] | null> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(dirName);
  } catch {
    return null;
  }
  const files: { name: string; size: number }[] = [];
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) {
    files.push({ name, size: (await handle.getFile()).size });
  }
  return files;
}
