/**
 * One W&B run folder (`run-<date>-<id>/` or `offline-run-<date>-<id>/`) → a run record. The `.wandb`
 * log is the complete record; the `files/` snapshots (config, summary, metadata) complete or override it.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { MetricPoint, RunRecordInput, RunStatus } from '../../model/run-record.js';
import { flattenParams } from '../python-json.js';
import { isoTime, validTime } from '../iso-time.js';
import { readLog, type LogState } from './log-state.js';
import {
  metadataFrom, readConfigYaml, readMetadataJson, readRequirements, readSummaryJson, splitConfig,
  type IssueSink, type RunMetadata,
} from './run-files.js';

export interface RunFolderResult {
  record: RunRecordInput;
  issues: Issue[];
}

const FOLDER_ID = /^(?:offline-)?run-\d{8}_\d{6}-(.+)$/;

/** Exit codes of processes ended by a signal (SIGINT, SIGKILL, SIGTERM). */
const KILLED_EXIT_CODES = new Set([130, 137, 143]);

export function logFileOf(dir: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const logs = names.filter((n) => n.endsWith('.wandb')).sort();
  return logs.length > 0 ? path.join(dir, logs[0]) : undefined;
}

/** `logFile` names the log when a `.wandb` file was imported on its own. */
export function readRunFolder(dir: string, location: string, logFile = logFileOf(dir)): RunFolderResult {
  const issues: Issue[] = [];
  const folderName = path.basename(dir);
  const fallbackId = FOLDER_ID.exec(folderName)?.[1] ?? (logFile ? path.basename(logFile, '.wandb').replace(/^run-/, '') : folderName);
  const report: IssueSink = (i) => issues.push({ ...i, severity: i.severity ?? 'error' });

  const log = logFile ? readLog(logFile, fallbackId, report) : undefined;
  const runId = log?.run?.run_id || fallbackId;
  for (const issue of issues) issue.run = runId;

  const fileConfig = readConfigYaml(dir, runId, report);
  const logConfig = splitConfig(log?.config ?? {});
  const config = { ...logConfig.values, ...(fileConfig?.values ?? {}) };
  const internals = { ...logConfig.internals, ...(fileConfig?.internals ?? {}) };
  const summary = { ...(log?.summary ?? {}), ...(readSummaryJson(dir, runId, report) ?? {}) };
  const metadata = mergeMetadata(readMetadataJson(dir, runId, report), internals);

  const record: RunRecordInput = {
    source: { tracker: 'wandb', location, runId },
    status: statusOf(log, logFile, runId, report),
    params: flattenParams(config),
    metrics: withSummaryMetrics(log?.metrics ?? {}, summary),
    tags: tagsOf(log?.run),
  };
  const run = log?.run;
  if (run?.display_name) record.name = run.display_name;
  if (run?.project) record.experiment = { name: run.project };
  if (metadata.username) record.user = metadata.username;

  const start = validTime(startTimeOf(log, metadata, internals));
  record.startTime = isoTime(start);
  const end = log?.exit ? (log.exit.runtime > 0 && start !== undefined ? start + log.exit.runtime * 1000 : log.lastTimestamp) : undefined;
  if (end !== undefined && (start === undefined || end >= start)) record.endTime = isoTime(end);

  const repository = metadata.gitRemote ?? (run?.git?.remote_url || undefined);
  const commit = metadata.gitCommit ?? (run?.git?.commit || undefined);
  const entryPoint = metadata.codePath ?? metadata.program;
  if (repository || commit || entryPoint) record.code = { repository, commit, entryPoint };

  const libraries = readRequirements(dir, runId, report);
  if (typeof internals.cli_version === 'string') libraries.wandb ??= internals.cli_version;
  const pythonVersion = versionIn(metadata.python) ?? versionIn(internals.python_version);
  record.environment = { ...(pythonVersion ? { language: { name: 'python', version: pythonVersion } } : {}), libraries };

  if (log && log.skippedValues > 0) {
    issues.push({ code: 'skipped_values', message: `${log.skippedValues} non-numeric history values (media, text, tables) not imported`, path: ['history'], run: runId, file: logFile, severity: 'warning' });
  }
  return { record, issues };
}

function statusOf(log: LogState | undefined, logFile: string | undefined, run: string, report: IssueSink): RunStatus {
  // No log, or nothing readable in it: nothing says how the run went.
  if (!log || log.records === 0) return 'unknown';
  if (log.exit) {
    if (log.exit.exitCode === 0) return 'finished';
    return KILLED_EXIT_CODES.has(log.exit.exitCode) || log.exit.exitCode < 0 ? 'killed' : 'failed';
  }
  report({
    code: 'unfinished_run',
    message: log.damaged
      ? 'the log is cut short and has no exit record: the run was still running or its process was killed'
      : 'the log has no exit record: the run was still running or its process was killed',
    path: [], file: logFile, run, severity: 'warning',
  });
  return 'running';
}

function tagsOf(run: LogState['run']): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!run) return tags;
  // W&B tags are labels without values.
  for (const tag of run.tags ?? []) tags[tag] = '';
  const extra: [string, string | undefined][] = [
    ['wandb.entity', run.entity], ['wandb.group', run.run_group], ['wandb.job_type', run.job_type],
    ['wandb.sweep_id', run.sweep_id], ['wandb.notes', run.notes],
  ];
  for (const [key, value] of extra) if (value) tags[key] = value;
  if (run.resumed) tags['wandb.resumed'] = 'true';
  if (run.shared_mode) tags['wandb.shared_mode'] = 'true';
  return tags;
}

/** Metadata from wandb-metadata.json, else from config `_wandb.e` (SDK 0.24+). */
function mergeMetadata(fromFile: RunMetadata | undefined, internals: Record<string, unknown>): RunMetadata {
  const writers = internals.e;
  const first = writers !== null && typeof writers === 'object' ? Object.values(writers as Record<string, unknown>)[0] : undefined;
  const fromConfig = first !== null && typeof first === 'object' ? metadataFrom(first as Record<string, unknown>) : {};
  const merged: RunMetadata = { ...fromConfig };
  for (const [k, v] of Object.entries(fromFile ?? {})) if (v !== undefined) merged[k as keyof RunMetadata] = v;
  return merged;
}

function startTimeOf(log: LogState | undefined, metadata: RunMetadata, internals: Record<string, unknown>): number | undefined {
  const ts = log?.run?.start_time;
  if (ts && (ts.seconds ?? 0) > 0) return (ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
  if (metadata.startedAt) {
    // Old SDKs write a naive ISO time, which is UTC.
    const text = /[zZ]|[+-]\d\d:?\d\d$/.test(metadata.startedAt) ? metadata.startedAt : `${metadata.startedAt}Z`;
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  const seconds = internals.start_time;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

function versionIn(text: unknown): string | undefined {
  return typeof text === 'string' ? /\d+\.\d+(?:\.\d+)?/.exec(text)?.[0] : undefined;
}

/** Summary numbers of keys that have no history become one-point series at the summary's step. */
function withSummaryMetrics(metrics: Record<string, MetricPoint[]>, summary: Record<string, unknown>): Record<string, MetricPoint[]> {
  const out = { ...metrics };
  const step = typeof summary._step === 'number' && Number.isSafeInteger(summary._step) ? summary._step : 0;
  const ts = typeof summary._timestamp === 'number' ? validTime(summary._timestamp * 1000) : undefined;
  const visit = (prefix: string, value: unknown): void => {
    if (typeof value === 'number') {
      if (!(prefix in out)) out[prefix] = [ts === undefined ? { step, value } : { step, value, timestamp: ts }];
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('_type' in value)) {
      for (const [k, v] of Object.entries(value)) visit(`${prefix}.${k}`, v);
    }
  };
  for (const [key, value] of Object.entries(summary)) if (!key.startsWith('_')) visit(key, value);
  return out;
}
