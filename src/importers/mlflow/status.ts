/**
 * MLflow run statuses: integers on disk (`RunStatus` enum), names in the SQL store and the REST API.
 */
import type { RunStatus } from '../../model/run-record.js';

const BY_NAME: Record<string, RunStatus> = {
  RUNNING: 'running',
  // Scheduled runs have not started; the record has no such state, so it stays unknown.
  SCHEDULED: 'unknown',
  FINISHED: 'finished',
  FAILED: 'failed',
  KILLED: 'killed',
};
const NAMES_BY_NUMBER = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Undefined when the value is neither a known number nor a known name. */
export function runStatus(value: unknown): RunStatus | undefined {
  if (typeof value === 'number') return BY_NAME[NAMES_BY_NUMBER[value] ?? ''];
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return runStatus(Number(value));
    return BY_NAME[value.toUpperCase()];
  }
  return undefined;
}
