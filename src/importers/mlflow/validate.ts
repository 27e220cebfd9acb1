/**
 * The last check before a record leaves the importer: the run record schema, with any failure turned into
 * issues that name the run and the field.
 */
import type { ImportItem } from '../importer.js';
import { validateRunRecord, type RunRecordInput } from '../../model/run-record.js';

export function validateRecord(record: RunRecordInput, file: string): ImportItem[] {
  const result = validateRunRecord(record);
  if (result.ok) return [{ kind: 'run', record: result.record, file }];
  return result.issues.map((i) => ({
    kind: 'issue',
    issue: { ...i, message: `run ${record.source.runId}: ${i.path.join('.') || '(record)'}: ${i.message}; run skipped`, file, run: record.source.runId },
  }));
}
