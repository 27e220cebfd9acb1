/**
 * Turns the event files of one run folder into metrics, hparams parameters and times. Exported for
 * other importers whose runs carry tfevents files (Guild).
 */
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { MetricPoint, ParamValue, RunStatus } from '../../model/run-record.js';
import { paramFromValue } from '../../model/param-value.js';
import {
  DATA_CLASS_SCALAR, DT_DOUBLE, DT_FLOAT, HPARAMS_STATUS, decodeEvent, decodeHParamsPluginData, protoValueToJs,
  type SummaryValue, type TensorProto, type TfEvent,
} from './event-proto.js';
import { readTfRecords } from './tfrecord.js';

export interface SkippedCounts {
  histograms: number;
  images: number;
  audio: number;
  graphs: number;
  /** Tensor summaries of other plugins (text, custom scalars, PR curves…). */
  otherTensors: number;
}

export interface EventRunData {
  metrics: Record<string, MetricPoint[]>;
  params: Record<string, ParamValue>;
  /** Epoch milliseconds of the earliest and latest non-zero wall time. */
  firstWallTime?: number;
  lastWallTime?: number;
  /** From the hparams plugin's session end info, when present. */
  status?: RunStatus;
  skipped: SkippedCounts;
  issues: Issue[];
}

interface TagInfo {
  plugin?: string;
  dataClass?: number;
}

/** The largest time a JS Date holds (ECMA-262 time value range). */
const MAX_DATE_MS = 8.64e15;

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** File names TensorBoard treats as event files; the profiler's empty placeholder files are left out. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents') && !name.endsWith('.profile-empty');
}

/** Reads the files in name order (as TensorBoard does) and merges them; `run` names the run in issues. */
export function readEventFiles(files: string[], run: string): EventRunData {
  const result: EventRunData = {
    metrics: {}, params: {}, issues: [],
    skipped: { histograms: 0, images: 0, audio: 0, graphs: 0, otherTensors: 0 },
  };
  const sorted = [...files].sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0));
  for (const file of sorted) readOneFile(file, run, result);
  for (const points of Object.values(result.metrics)) points.sort((a, b) => a.step - b.step);
  return result;
}

function readOneFile(file: string, run: string, result: EventRunData): void {
  // Plugin metadata is written only on a tag's first value in each file.
  const tags = new Map<string, TagInfo>();
  const issue = (code: string, message: string, field: (string | number)[] = [], severity: Issue['severity'] = 'error'): void => {
    result.issues.push({ code, message, path: field, file, run, severity });
  };
  try {
    for (const item of readTfRecords(file)) {
      if (item.kind === 'problem') {
        issue(item.code, `${item.message} (byte ${item.offset})`, [], item.code === 'truncated_record' ? 'warning' : 'error');
        continue;
      }
      let event: TfEvent;
      try {
        event = decodeEvent(item.data);
      } catch (e) {
        issue('bad_event', `record at byte ${item.offset} is not a tensorboard.Event: ${(e as Error).message}`);
        continue;
      }
      handleEvent(event, tags, result, issue);
    }
  } catch (e) {
    issue('unreadable_file', (e as Error).message);
  }
}

type IssueSink = (code: string, message: string, field?: (string | number)[], severity?: Issue['severity']) => void;

function handleEvent(event: TfEvent, tags: Map<string, TagInfo>, result: EventRunData, issue: IssueSink): void {
  // Outside the range of a Date (a corrupt or odd writer) counts as missing, like 0.
  const wallMs = event.wall_time > 0 && event.wall_time * 1000 <= MAX_DATE_MS ? event.wall_time * 1000 : undefined;
  if (wallMs !== undefined) {
    result.firstWallTime = Math.min(result.firstWallTime ?? wallMs, wallMs);
    result.lastWallTime = Math.max(result.lastWallTime ?? wallMs, wallMs);
  }
  if (event.graph_def !== undefined || event.meta_graph_def !== undefined) result.skipped.graphs++;
  for (const value of event.summary?.value ?? []) {
    const tag = value.tag ?? '';
    if (value.metadata && own(value, 'metadata') && !tags.has(tag)) {
      tags.set(tag, { plugin: value.metadata.plugin_data?.plugin_name || undefined, dataClass: value.metadata.data_class || undefined });
    }
    const info = tags.get(tag) ?? {};
    if (own(value, 'simple_value')) {
      addPoint(result, tag, { step: event.step, value: value.simple_value as number, ...(wallMs === undefined ? {} : { timestamp: wallMs }) });
    } else if (own(value, 'histo') || own(value, 'obsolete_old_style_histogram')) {
      result.skipped.histograms++;
    } else if (own(value, 'image')) {
      result.skipped.images++;
    } else if (own(value, 'audio')) {
      result.skipped.audio++;
    } else if (info.plugin === 'hparams') {
      readHParams(value, result, issue);
    } else if (own(value, 'tensor') && value.tensor) {
      handleTensor(value.tensor, tag, info, event.step, wallMs, result, issue);
    }
  }
}

function handleTensor(tensor: TensorProto, tag: string, info: TagInfo, step: number, wallMs: number | undefined, result: EventRunData, issue: IssueSink): void {
  const declaredScalar = info.plugin === 'scalars' || info.dataClass === DATA_CLASS_SCALAR;
  // A tag seen without any metadata in this file is still read when it is a rank-0 float.
  const unlabelled = info.plugin === undefined && info.dataClass === undefined;
  if (!declaredScalar && !unlabelled) {
    countPluginTensor(info.plugin, result.skipped);
    return;
  }
  const value = scalarFromTensor(tensor);
  if (value === undefined) {
    if (declaredScalar) issue('bad_scalar_tensor', `tag "${tag}" at step ${step}: scalars-plugin tensor is not a rank-0 float or double`, ['summary', tag]);
    else result.skipped.otherTensors++;
    return;
  }
  addPoint(result, tag, { step, value, ...(wallMs === undefined ? {} : { timestamp: wallMs }) });
}

function countPluginTensor(plugin: string | undefined, skipped: SkippedCounts): void {
  if (plugin === 'histograms') skipped.histograms++;
  else if (plugin === 'images') skipped.images++;
  else if (plugin === 'audio') skipped.audio++;
  else skipped.otherTensors++;
}

/** Rank-0 DT_FLOAT / DT_DOUBLE, from the typed field or from the raw little-endian content. */
export function scalarFromTensor(tensor: TensorProto): number | undefined {
  const dims = tensor.tensor_shape?.dim ?? [];
  if (dims.length !== 0) return undefined;
  if (tensor.dtype === DT_FLOAT) {
    if (tensor.float_val && tensor.float_val.length === 1) return tensor.float_val[0];
    const content = tensor.tensor_content;
    if (content && content.length === 4) return Buffer.from(content).readFloatLE(0);
  } else if (tensor.dtype === DT_DOUBLE) {
    if (tensor.double_val && tensor.double_val.length === 1) return tensor.double_val[0];
    const content = tensor.tensor_content;
    if (content && content.length === 8) return Buffer.from(content).readDoubleLE(0);
  }
  return undefined;
}

function readHParams(value: SummaryValue, result: EventRunData, issue: IssueSink): void {
  const content = value.metadata?.plugin_data?.content;
  if (!content || content.length === 0) return;
  let data;
  try {
    data = decodeHParamsPluginData(content);
  } catch (e) {
    issue('bad_hparams', `hparams plugin data cannot be decoded: ${(e as Error).message}`, ['summary', value.tag ?? '']);
    return;
  }
  const start = data.session_start_info;
  if (start) {
    for (const [name, v] of Object.entries(start.hparams ?? {})) result.params[name] = paramFromValue(protoValueToJs(v));
  }
  const end = data.session_end_info;
  if (end && end.status !== undefined) {
    const status = end.status;
    result.status = status === HPARAMS_STATUS.success ? 'finished' : status === HPARAMS_STATUS.failure ? 'failed' : status === HPARAMS_STATUS.running ? 'running' : 'unknown';
  }
}

function addPoint(result: EventRunData, tag: string, point: MetricPoint): void {
  (result.metrics[tag] ??= []).push(point);
}

/** One warning summarising what was counted and skipped, or nothing. */
export function skippedIssue(skipped: SkippedCounts, run: string): Issue | undefined {
  const parts = Object.entries(skipped).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}`);
  if (parts.length === 0) return undefined;
  return { code: 'skipped_values', message: `not imported: ${parts.join(', ')}`, path: [], run, severity: 'warning' };
}
