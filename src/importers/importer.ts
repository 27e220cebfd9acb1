/**
 * An importer first answers "can I read this?" (detect) and only then reads it, yielding run records
 * and issues. A bad run is reported as an issue and skipped; it never stops the rest of the source.
 */
import type { Issue } from '../errors.js';
import type { RunRecordInput } from '../model/run-record.js';

export type Detection = { ok: true } | { ok: false; reason: string };

export type ImportItem = { kind: 'run'; record: RunRecordInput; file?: string } | { kind: 'issue'; issue: Issue };

export interface DetectOptions {
  /**
   * Read through symbolic links (or absolute paths a source names) that lead outside the imported
   * folder. Off by default: nothing outside the folder is read, and each such link is reported.
   */
  followOutsideLinks?: boolean;
}

export interface ImportOptions extends DetectOptions {
  /** Aborts long reads (remote APIs, huge files). */
  signal?: AbortSignal;
}

export interface Importer {
  /** Equals the folder name under src/importers/ and the `--tracker` value. */
  readonly id: string;
  readonly description: string;
  detect(location: string, options?: DetectOptions): Promise<Detection>;
  read(location: string, options?: ImportOptions): AsyncIterable<ImportItem>;
}
