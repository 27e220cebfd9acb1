/** Small mapped archives for mapping tests: run records built inline, mapped with the shipped mappings. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MappingSet } from '../../src/mapping/mapping-set.js';
import { mapRun } from '../../src/mapping/run-mapper.js';
import { paramFromValue } from '../../src/model/param-value.js';
import { validateRunRecord, type RunRecord } from '../../src/model/run-record.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/store.js';

export function run(runId: string, implementation: string, libraries: Record<string, string>, params: Record<string, unknown>, metrics: Record<string, number> = {}): RunRecord {
  const result = validateRunRecord({
    source: { tracker: 'json', location: `${runId}.json`, runId },
    implementation,
    environment: { libraries },
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramFromValue(v)])),
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, [{ step: 0, value: v }]])),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

export async function archiveOf(records: RunRecord[]): Promise<{ store: Store; dir: string }> {
  const { set } = MappingSet.load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-mappings-'));
  const store = await EmbeddedStore.open(dir);
  await store.replaceGraphs(records.map((r) => mapRun(r, set)));
  return { store, dir };
}
