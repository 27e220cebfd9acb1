/**
 * Replays the records of a `.wandb` transaction log into history, config, summary, run and exit state.
 *
 * History steps differ by SDK era (see docs/importers/wandb.md): a flat `_step` item (pre-core
 * Python), a nested `["_step"]` item with `HistoryRecord.step`, only `HistoryRecord.step`, or nothing
 * at all, in which case the step auto-increments from the run's starting step.
 */
import type { MetricPoint } from '../../model/run-record.js';
import { parsePythonJson } from '../python-json.js';
import { validTime } from '../iso-time.js';
import type { IssueSink } from './run-files.js';
import { decodeRecord, itemKey, type KeyedItem, type WandbRecord, type WandbRunRecord } from './record-proto.js';
import { readTransactionLog } from './transaction-log.js';

export interface LogState {
  run?: WandbRunRecord;
  exit?: { exitCode: number; runtime: number };
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  metrics: Record<string, MetricPoint[]>;
  /** Epoch ms of the last history `_timestamp`. */
  lastTimestamp?: number;
  /** The log ended inside a record or failed a check: the run was not closed cleanly. */
  damaged: boolean;
  records: number;
  /** History values that are not numbers (media, strings, tables). */
  skippedValues: number;
}

const SYSTEM_KEYS = new Set(['_step', '_timestamp', '_runtime']);

export function readLog(file: string, run: string, report: IssueSink): LogState {
  const state: LogState = { config: {}, summary: {}, metrics: {}, damaged: false, records: 0, skippedValues: 0 };
  let nextStep: number | undefined;
  try {
    for (const item of readTransactionLog(file)) {
      if (item.kind === 'problem') {
        state.damaged = true;
        report({ code: item.code, message: `${item.message} (byte ${item.offset})`, path: [], file, run, severity: item.code === 'truncated_log' ? 'warning' : 'error' });
        continue;
      }
      let record: WandbRecord;
      try {
        record = decodeRecord(item.data);
      } catch (e) {
        report({ code: 'bad_record', message: `record at byte ${item.offset} is not a wandb_internal.Record: ${(e as Error).message}`, path: [], file, run });
        continue;
      }
      state.records++;
      if (record.run) {
        state.run = record.run;
        applyItems(state.config, record.run.config?.update, record.run.config?.remove);
        applyItems(state.summary, record.run.summary?.update, record.run.summary?.remove);
        nextStep ??= record.run.starting_step ?? 0;
      }
      if (record.config) applyItems(state.config, record.config.update, record.config.remove);
      if (record.summary) applyItems(state.summary, record.summary.update, record.summary.remove);
      if (record.exit) state.exit = { exitCode: record.exit.exit_code ?? 0, runtime: record.exit.runtime ?? 0 };
      if (record.history) nextStep = applyHistory(state, record.history, nextStep ?? 0, (message) => report({ code: 'bad_step', message, path: ['history', '_step'], file, run, severity: 'warning' })) ;
    }
  } catch (e) {
    state.damaged = true;
    report({ code: 'unreadable_file', message: (e as Error).message, path: [], file, run });
  }
  return state;
}

function parseValue(json: string | undefined): unknown {
  if (json === undefined || json === '') return null;
  try {
    return parsePythonJson(json);
  } catch {
    return json;
  }
}

/** Applies update / remove items to a key → value map; nested keys address inner maps. */
function applyItems(target: Record<string, unknown>, update: KeyedItem[] = [], remove: KeyedItem[] = []): void {
  for (const item of update) {
    const keys = item.nested_key && item.nested_key.length > 0 ? item.nested_key : [item.key ?? ''];
    let map = target;
    for (const key of keys.slice(0, -1)) {
      const next = map[key];
      map = (map[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
    }
    map[keys[keys.length - 1]] = parseValue(item.value_json);
  }
  for (const item of remove) delete target[itemKey(item)];
}

/** Adds one history row; returns the step the next row gets when it names none. */
function applyHistory(state: LogState, history: NonNullable<WandbRecord['history']>, implicitStep: number, warn: (m: string) => void): number {
  const row = new Map<string, unknown>();
  for (const item of history.item ?? []) row.set(itemKey(item), parseValue(item.value_json));
  let step: number | undefined;
  if (row.has('_step')) {
    const value = row.get('_step');
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) step = value;
    else warn(`history _step ${JSON.stringify(value)} is not a non-negative integer; the row's step is taken from elsewhere`);
  }
  step ??= history.step ? history.step.num ?? 0 : implicitStep;
  const ts = row.get('_timestamp');
  const timestamp = typeof ts === 'number' ? validTime(ts * 1000) : undefined;
  if (timestamp !== undefined) state.lastTimestamp = Math.max(state.lastTimestamp ?? timestamp, timestamp);
  for (const [key, value] of row) {
    if (SYSTEM_KEYS.has(key) || key.startsWith('_')) continue;
    addValue(state, key, value, step, timestamp);
  }
  return step + 1;
}

function addValue(state: LogState, key: string, value: unknown, step: number, timestamp: number | undefined): void {
  if (typeof value === 'number') {
    (state.metrics[key] ??= []).push(timestamp === undefined ? { step, value } : { step, value, timestamp });
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('_type' in value)) {
    // A logged dict is shown by W&B as dotted keys.
    for (const [inner, v] of Object.entries(value)) addValue(state, `${key}.${inner}`, v, step, timestamp);
  } else {
    state.skippedValues++;
  }
}
