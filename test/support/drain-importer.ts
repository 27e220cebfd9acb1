/** Test helper: drains an importer into its runs and issues. */
import type { Issue } from '../../src/errors.js';
import type { Importer } from '../../src/importers/importer.js';
import type { RunRecord } from '../../src/model/run-record.js';

export async function drain(importer: Importer, location: string): Promise<{ runs: RunRecord[]; issues: Issue[] }> {
  const runs: RunRecord[] = [];
  const issues: Issue[] = [];
  for await (const item of importer.read(location)) {
    if (item.kind === 'run') runs.push(item.record as RunRecord);
    else issues.push(item.issue);
  }
  return { runs, issues };
}
