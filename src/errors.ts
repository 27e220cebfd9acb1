/**
 * Errors of the world (a corrupt file, a locked archive, an unreachable server) are RungraphErrors,
 * each kind its own subclass with a stable `code`. Misuse by a caller throws TypeError / RangeError.
 * The library never prints: the CLI entry point maps these to one-line messages and exit codes.
 */
export interface ErrorContext {
  /** File, run, field, line… whatever locates the failure for the user. */
  [key: string]: string | number | undefined;
}

export class RungraphError extends Error {
  readonly code: string = 'RUNGRAPH_ERROR';
  readonly context: ErrorContext;
  /** A short suggestion the CLI prints after the message. */
  readonly hint?: string;

  constructor(message: string, options: { context?: ErrorContext; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
}

/** Thrown when another process holds the archive's write lock. */
export class ArchiveLockedError extends RungraphError {
  override readonly code = 'ARCHIVE_LOCKED';
}

/** Thrown when archive files on disk cannot be read back (never for a torn journal tail, which is dropped). */
export class ArchiveCorruptError extends RungraphError {
  override readonly code = 'ARCHIVE_CORRUPT';
}

/** Thrown when the embedded engine would exceed what it can hold; the hint points to a SPARQL server. */
export class ArchiveCapacityError extends RungraphError {
  override readonly code = 'ARCHIVE_CAPACITY';
}

/** Thrown when a SPARQL query or update is rejected by the engine. */
export class QueryError extends RungraphError {
  override readonly code = 'QUERY_FAILED';
}

/** Thrown when input (a run file, a mapping, a plan) cannot be used at all. */
export class InputError extends RungraphError {
  override readonly code = 'BAD_INPUT';
}

/** Thrown when no importer recognises a source; the message lists each importer and why it declined. */
export class UnrecognisedSourceError extends RungraphError {
  override readonly code = 'UNRECOGNISED_SOURCE';
}

/** Thrown when a remote store answers with an error or cannot be reached. */
export class StoreError extends RungraphError {
  override readonly code = 'STORE_FAILED';
}

export const isRungraphError = (e: unknown): e is RungraphError => e instanceof RungraphError;
export const isArchiveLockedError = (e: unknown): e is ArchiveLockedError => e instanceof ArchiveLockedError;
export const isInputError = (e: unknown): e is InputError => e instanceof InputError;

/** One problem found while validating or importing; the same shape as zod's issues. */
export interface Issue {
  /** Machine-readable kind, e.g. `invalid_type`, `bad_metric_line`, `unreadable_file`. */
  code: string;
  message: string;
  /** Location inside a structure (field path); empty for whole-file issues. */
  path: (string | number)[];
  /** The file, when the issue is about one. */
  file?: string;
  line?: number;
  /** Native run id, when the issue is about one run. */
  run?: string;
  severity: 'error' | 'warning';
}
