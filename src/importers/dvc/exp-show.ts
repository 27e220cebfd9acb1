/**
 * `dvc exp show --json` output → run records. DVC 3 writes an array (workspace, then baselines with
 * their `experiments[].revs[]`); DVC 2 an object keyed by baseline revision (see tracker-formats.md §6.3).
 */
import type { Issue } from '../../errors.js';
import type { RunRecordInput, RunStatus } from '../../model/run-record.js';
import { flattenParams, isPlainMap } from '../python-json.js';
import { type ProjectState, addDependency, addOutput, dropIntermediates, flattenNumbers } from './project-state.js';

export type ExpIssue = Omit<Issue, 'file' | 'severity'> & { severity?: Issue['severity'] };

interface ExpEntry {
  rev: string;
  name?: string;
  data: Record<string, unknown>;
  status: RunStatus;
  /** Baseline revision this state belongs to (itself for a baseline). */
  baseline?: string;
  baselineName?: string;
  kind: 'workspace' | 'baseline' | 'experiment';
  tags: Record<string, string>;
}

const EXECUTOR_STATUS: Record<string, RunStatus> = { success: 'finished', failed: 'failed', running: 'running', queued: 'unknown' };

export function expShowRecords(doc: unknown, location: string): { records: RunRecordInput[]; issues: ExpIssue[] } {
  const issues: ExpIssue[] = [];
  let entries: ExpEntry[];
  if (Array.isArray(doc)) entries = dvc3Entries(doc, issues);
  else if (isPlainMap(doc)) entries = dvc2Entries(doc, issues);
  else {
    issues.push({ code: 'invalid_type', message: 'expected an array (DVC 3) or an object (DVC 2) at the top level', path: [] });
    return { records: [], issues };
  }
  const firstBaseline = entries.find((e) => e.kind === 'baseline')?.rev;
  const records = entries.map((entry) => toRecord(entry, location, firstBaseline, issues));
  return { records, issues };
}

function dvc3Entries(doc: unknown[], issues: ExpIssue[]): ExpEntry[] {
  const entries: ExpEntry[] = [];
  const state = (value: unknown, where: (string | number)[], kind: ExpEntry['kind'], status: RunStatus, baseline?: ExpEntry): void => {
    if (!isPlainMap(value) || typeof value.rev !== 'string') {
      issues.push({ code: 'invalid_type', message: `${where.join('.')}: expected an object with "rev"`, path: where });
      return;
    }
    if (isPlainMap(value.error)) {
      issues.push({ code: 'dvc_error', message: `${where.join('.')} (${value.rev}): DVC reported ${String(value.error.type)}: ${String(value.error.msg)}`, path: [...where, 'error'], run: value.rev });
      return;
    }
    const data = isPlainMap(value.data) ? value.data : {};
    const rev = typeof data.rev === 'string' && value.rev !== 'workspace' ? data.rev : value.rev;
    const name = typeof value.name === 'string' ? value.name : undefined;
    const entry: ExpEntry = { rev, name, data, status, kind, tags: {}, baseline: baseline?.rev ?? (kind === 'baseline' ? rev : undefined), baselineName: baseline?.name ?? (kind === 'baseline' ? name : undefined) };
    if (typeof value.branch === 'string') entry.tags['dvc.branch'] = value.branch;
    entries.push(entry);
  };
  for (const [i, item] of doc.entries()) {
    const isWorkspace = isPlainMap(item) && item.rev === 'workspace';
    state(item, [i], isWorkspace ? 'workspace' : 'baseline', isWorkspace ? 'unknown' : 'finished');
    const baseline = entries[entries.length - 1];
    const ranges = isPlainMap(item) && Array.isArray(item.experiments) ? item.experiments : [];
    for (const [j, range] of ranges.entries()) {
      if (!isPlainMap(range) || !Array.isArray(range.revs)) {
        issues.push({ code: 'invalid_type', message: `${i}.experiments.${j}: expected {revs: [...]}`, path: [i, 'experiments', j] });
        continue;
      }
      const executor = isPlainMap(range.executor) ? range.executor : undefined;
      const status = typeof executor?.state === 'string' ? (EXECUTOR_STATUS[executor.state] ?? 'unknown') : 'finished';
      // Checkpoint experiments list several revs per range; the first is the tip.
      for (const [k, rev] of range.revs.entries()) {
        state(rev, [i, 'experiments', j, 'revs', k], 'experiment', status, baseline?.kind === 'baseline' ? baseline : undefined);
        const last = entries[entries.length - 1];
        if (last !== undefined && typeof range.name === 'string' && last.name === undefined) last.name = range.name;
        if (last !== undefined && typeof executor?.state === 'string') last.tags['dvc.executor_state'] = executor.state;
      }
    }
  }
  return entries;
}

function dvc2Entries(doc: Record<string, unknown>, issues: ExpIssue[]): ExpEntry[] {
  const entries: ExpEntry[] = [];
  for (const [baselineRev, group] of Object.entries(doc)) {
    if (!isPlainMap(group)) {
      issues.push({ code: 'invalid_type', message: `${baselineRev}: expected an object of revisions`, path: [baselineRev] });
      continue;
    }
    const baselineData = isPlainMap(group.baseline) && isPlainMap(group.baseline.data) ? group.baseline.data : {};
    const baselineName = typeof baselineData.name === 'string' ? baselineData.name : undefined;
    for (const [rev, value] of Object.entries(group)) {
      const where = [baselineRev, rev];
      if (!isPlainMap(value)) {
        issues.push({ code: 'invalid_type', message: `${where.join('.')}: expected an object`, path: where });
        continue;
      }
      if (isPlainMap(value.error)) {
        issues.push({ code: 'dvc_error', message: `${where.join('.')}: DVC reported ${String(value.error.type)}: ${String(value.error.msg)}`, path: [...where, 'error'], run: rev });
        continue;
      }
      const data = isPlainMap(value.data) ? value.data : {};
      const isBaseline = rev === 'baseline';
      const kind: ExpEntry['kind'] = baselineRev === 'workspace' ? 'workspace' : isBaseline ? 'baseline' : 'experiment';
      const status: RunStatus = kind === 'workspace' ? 'unknown' : data.queued === true ? 'unknown' : data.running === true ? 'running' : 'finished';
      const entry: ExpEntry = {
        rev: kind === 'workspace' ? 'workspace' : isBaseline ? baselineRev : rev,
        name: typeof data.name === 'string' ? data.name : undefined,
        data,
        status,
        kind,
        baseline: kind === 'workspace' ? undefined : baselineRev,
        baselineName,
        tags: {},
      };
      for (const key of ['checkpoint_tip', 'checkpoint_parent']) if (typeof data[key] === 'string') entry.tags[`dvc.${key}`] = data[key] as string;
      if (data.queued === true) entry.tags['dvc.queued'] = 'true';
      entries.push(entry);
    }
  }
  return entries;
}

function toRecord(entry: ExpEntry, location: string, firstBaseline: string | undefined, issues: ExpIssue[]): RunRecordInput {
  const runId = entry.kind === 'workspace' ? (firstBaseline === undefined ? 'workspace' : `workspace:${firstBaseline}`) : entry.rev;
  const baseline = entry.kind === 'workspace' ? firstBaseline : entry.baseline;
  const state: ProjectState = { params: {}, metrics: {}, datasets: [], models: [], artifacts: [] };
  const fileMaps = (field: 'params' | 'metrics'): [string, Record<string, unknown>][] => {
    const value = entry.data[field];
    if (!isPlainMap(value)) return [];
    const out: [string, Record<string, unknown>][] = [];
    for (const [file, content] of Object.entries(value)) {
      if (isPlainMap(content) && isPlainMap(content.error)) {
        issues.push({ code: 'dvc_error', message: `${entry.rev} ${field} ${file}: DVC reported ${String(content.error.type)}: ${String(content.error.msg)}`, path: [field, file], run: runId, severity: 'warning' });
      } else if (isPlainMap(content) && isPlainMap(content.data)) out.push([file, content.data]);
    }
    return out;
  };
  for (const [file, data] of fileMaps('params')) {
    for (const [key, param] of Object.entries(flattenParams(data))) {
      if (state.params[key] === undefined) state.params[key] = param;
      else if (state.params[key].raw !== param.raw) state.params[`${file}:${key}`] = param;
    }
  }
  for (const [, data] of fileMaps('metrics')) {
    const step = typeof data.step === 'number' && Number.isInteger(data.step) ? data.step : 0;
    for (const [key, value] of Object.entries(flattenNumbers(data))) if (key !== 'step') state.metrics[key] = [{ step, value }];
  }
  const hashOf = (v: Record<string, unknown>): string | undefined => (typeof v.hash === 'string' ? v.hash : typeof v.md5 === 'string' ? v.md5 : undefined);
  if (isPlainMap(entry.data.deps)) for (const [file, v] of Object.entries(entry.data.deps)) addDependency(state, file, isPlainMap(v) ? hashOf(v) : undefined, undefined);
  if (isPlainMap(entry.data.outs)) {
    for (const [file, v] of Object.entries(entry.data.outs)) addOutput(state, file, isPlainMap(v) ? hashOf(v) : undefined, isPlainMap(v) && typeof v.size === 'number' ? v.size : undefined);
  }
  dropIntermediates(state);

  const record: RunRecordInput = {
    source: { tracker: 'dvc', location: `${location}#${entry.rev}`, runId },
    experiment: baseline === undefined ? undefined : { id: baseline, name: entry.kind === 'workspace' ? undefined : (entry.baselineName ?? baseline.slice(0, 7)) },
    name: entry.kind === 'workspace' ? 'workspace' : entry.name,
    status: entry.status,
    parentRunId: entry.kind === 'baseline' ? undefined : baseline,
    tags: { ...entry.tags, 'dvc.kind': entry.kind },
    code: entry.kind === 'workspace' ? undefined : { commit: entry.rev },
    ...state,
  };
  const time = typeof entry.data.timestamp === 'string' ? naiveTime(entry.data.timestamp) : undefined;
  // DVC's timestamp is the commit time: when the experiment was saved, hence its end.
  if (time !== undefined) record.endTime = time;
  else if (typeof entry.data.timestamp === 'string') issues.push({ code: 'invalid_date', message: `${entry.rev}: timestamp is not a date-time: ${entry.data.timestamp}`, path: ['timestamp'], run: runId, severity: 'warning' });
  return record;
}

/** `2020-11-21T19:58:22` (no zone, read as UTC) → ISO 8601 with Z. */
function naiveTime(text: string): string | undefined {
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text)) return undefined;
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
