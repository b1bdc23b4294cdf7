/**
 * The export and restore core, for the options page and the worker. Everything here is pure: the caller pages the
 * ledger (e.g. through `[kind+at]` or `at`) and hands in the pages; the writers hand back strings to append to a
 * file or a Blob; the readers take the file's bytes (all at once or as a stream of chunks).
 */
import { csvExport } from './csv';
import { jsonExport, ndjsonExport } from './json-export';
import type { ExportRequest, ExportSummary } from './metadata';
import type { ExportSource } from './records';
import type { ExportFormat } from './version';

export function exportChunks(format: ExportFormat, source: ExportSource, request: ExportRequest): AsyncGenerator<string, ExportSummary> {
  if (format === 'csv') return csvExport(source, request);
  return format === 'json' ? jsonExport(source, request) : ndjsonExport(source, request);
}

export { csvSidecar } from './csv';
export { DEFAULT_RESEARCH_COLUMNS, ENTRY_COLUMN_NAMES, FIELD_CLASSES, FREE_TEXT_COLUMNS, type EntryColumn } from './fields';
export { ENTRY_KINDS, NO_FILTERS, matchesFilters, type ExportFilters, type ExportRequest, type ExportSummary, type ExportMetadata } from './metadata';
export { OPEN_POLICY, includedColumns, withheldColumns, type PrivacyPolicy } from './policy';
export { MIN_STUDY_KEY_LENGTH, StudyKeyError, randomPseudonymiser, studyPseudonymiser, type Pseudonymiser } from './pseudonyms';
export type { ExportSource, Pages } from './records';
export { backupItems, readBackup, type BackupContent, type BackupItem, type RestoreOptions, type RestoreResult } from './restore';
export { mergeDecision, planMerge, type MergeDecision, type MergePlan } from './restore-merge';
export { DEFAULT_READ_LIMITS, RestoreError, type ByteSource, type ReadLimits } from './restore-input';
export { parseTikTokDownload, type TikTokDownload, type UnknownFact } from './tiktok-download';
export { candidatesFrom, type ImportAnswers, type ImportCandidate } from './tiktok-import';
export { ledgerEntriesFrom, missingAnswers, overviewOf, type PartialAnswers } from './tiktok-entries';
export { EXPORT_FORMATS, EXPORT_SCHEMA_VERSION, type ExportFormat } from './version';
