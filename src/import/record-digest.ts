/**
 * The content digest of a run record: equal digests mean an identical run graph, so an incremental
 * import skips runs whose digest the archive already holds.
 */
import { createHash } from 'node:crypto';
import type { RunRecord } from '../model/run-record.js';

/** Digest of the record as normalised by these mappings: equal digests mean an identical run graph. */
export function recordDigest(record: RunRecord, mappingVersion: string): string {
  // Canonical: keys sorted and points in step order, so a record rebuilt from the archive (remap)
  // digests the same as the record first imported. Points, most of a record, are hashed as lines of
  // text rather than through the key-sorting replacer, which cost more than mapping the run.
  const { metrics, ...rest } = record;
  const hash = createHash('sha256').update(mappingVersion).update('\u0000').update(canonicalJson(rest));
  for (const key of Object.keys(metrics).sort()) {
    const points = [...metrics[key]].sort((a, b) => a.step - b.step || (a.timestamp ?? 0) - (b.timestamp ?? 0));
    hash.update(`\u0000${JSON.stringify(key)}\n${points.map((p) => `${p.step} ${p.timestamp ?? '-'} ${p.value}`).join('\n')}`);
  }
  return hash.digest('hex');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}
