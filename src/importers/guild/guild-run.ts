/**
 * One Guild run folder (`<run_id>/.guild/…`) → a run record. Scalars come from the run's event files
 * through the TensorBoard reader; the captured `output` is only recorded with its size.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { RunRecordInput, RunStatus } from '../../model/run-record.js';
import { isEventFileName, readEventFiles, skippedIssue } from '../tensorboard/event-run-reader.js';
import { isoTime, validTime } from '../iso-time.js';
import { flagsToParams, parseOpref, readAttr } from './run-attrs.js';

export interface GuildRunResult {
  record: RunRecordInput;
  issues: Issue[];
}

/** Guild's own status names (`Run.status`), before they are mapped to ours. */
export type GuildStatus = 'running' | 'pending' | 'staged' | 'completed' | 'terminated' | 'error';

const GUILD_TO_STATUS: Record<GuildStatus, RunStatus> = {
  running: 'running', pending: 'unknown', staged: 'unknown', completed: 'finished', terminated: 'killed', error: 'failed',
};

export function readGuildRun(runDir: string, location: string, deleted: boolean): GuildRunResult {
  const guildDir = path.join(runDir, '.guild');
  const folderId = path.basename(runDir);
  const issues: Issue[] = [];
  const issue = (code: string, message: string, file: string, field: (string | number)[] = [], severity: Issue['severity'] = 'error'): void => {
    issues.push({ code, message, path: field, file, run: folderId, severity });
  };
  const attrs = new Map<string, unknown>();
  const attr = (name: string): unknown => {
    if (attrs.has(name)) return attrs.get(name);
    const result = readAttr(guildDir, name);
    let value: unknown;
    if (result !== undefined && !result.ok) issue(result.code ?? 'invalid_yaml', result.message, path.join(guildDir, 'attrs', name), ['attrs', name]);
    else value = result?.value;
    attrs.set(name, value);
    return value;
  };

  // Guild itself names a run by its folder; the id attr can disagree in copied run folders.
  const runId = folderId;
  const idAttr = attr('id');
  if (typeof idAttr === 'string' && idAttr !== folderId) {
    issue('mismatched_run_id', `attrs/id says ${idAttr} but the run folder is ${folderId}; the folder name is used`, path.join(guildDir, 'attrs', 'id'), ['attrs', 'id'], 'warning');
  }
  const record: RunRecordInput = { source: { tracker: 'guild', location, runId }, deleted };
  const tags: Record<string, string> = {};

  const oprefFile = path.join(guildDir, 'opref');
  const oprefText = readText(oprefFile, (e) => issue('unreadable_file', e.message, oprefFile));
  if (oprefText !== undefined) {
    const opref = parseOpref(oprefText);
    if (opref) {
      record.experiment = { name: opref.model ? `${opref.model}:${opref.op}` : opref.op };
      tags['guild.opref'] = oprefText.trim();
    } else {
      issue('invalid_opref', `cannot parse opref "${oprefText.trim().slice(0, 200)}"`, oprefFile);
    }
  }

  const flagsResult = readAttr(guildDir, 'flags');
  if (flagsResult && !flagsResult.ok) issue(flagsResult.code ?? 'invalid_yaml', flagsResult.message, path.join(guildDir, 'attrs', 'flags'), ['attrs', 'flags']);
  record.params = flagsResult?.ok ? flagsToParams(flagsResult.node) : {};
  if (flagsResult?.ok && flagsResult.value !== null && (typeof flagsResult.value !== 'object' || Array.isArray(flagsResult.value))) {
    issue('invalid_flags', 'attrs/flags is not a mapping of flag names to values; no parameters were read', path.join(guildDir, 'attrs', 'flags'), ['attrs', 'flags'], 'warning');
  }

  const label = attr('label');
  if (typeof label === 'string' && label !== '') record.name = label;
  const user = attr('user');
  if (typeof user === 'string' && user !== '') record.user = user;
  const tagList = attr('tags');
  // Guild tags are labels; case variants (`green`, `Green`) are distinct keys and kept.
  if (Array.isArray(tagList)) for (const t of tagList) if (typeof t === 'string' || typeof t === 'number') tags[String(t)] = '';
  const seed = attr('random_seed');
  if (typeof seed === 'number') tags['guild.random_seed'] = String(seed);
  const upstream = upstreamRuns(attr('deps'));
  if (upstream.length > 0) tags['guild.upstream_runs'] = upstream.join(',');

  const started = validTime(microsToMs(attr('started')));
  const stopped = validTime(microsToMs(attr('stopped')));
  for (const [name, value] of [['started', started], ['stopped', stopped]] as const) {
    if (value === undefined && attr(name) !== undefined) {
      issue('invalid_time', `attrs/${name} is not a time in microseconds since the epoch; the run is kept without it`, path.join(guildDir, 'attrs', name), ['attrs', name], 'warning');
    }
  }
  const start = started ?? validTime(microsToMs(attr('initialized')));
  record.startTime = isoTime(start);
  record.endTime = isoTime(stopped);

  const guildStatus = statusOf(guildDir, attr('exit_status'));
  record.status = GUILD_TO_STATUS[guildStatus];
  tags['guild.status'] = guildStatus;

  const commit = attr('vcs_commit');
  if (typeof commit === 'string' && commit !== '') record.code = { commit: commit.replace(/^git:/, '') };
  record.environment = environmentOf(attr('platform'), attr('pip_freeze'));

  const outputSize = sizeOf(path.join(guildDir, 'output'));
  record.artifacts = outputSize === undefined ? [] : [{ path: '.guild/output', size: outputSize }];

  const events = readEventFiles(eventFilesOf(runDir), runId);
  for (const i of events.issues) issues.push(i);
  const skipped = skippedIssue(events.skipped, runId);
  if (skipped) issues.push(skipped);
  // Guild's output-scalar events carry no wall time: use the run's start instead.
  for (const points of Object.values(events.metrics)) for (const p of points) if (p.timestamp === undefined && start !== undefined) p.timestamp = start;
  record.metrics = events.metrics;
  record.tags = tags;
  for (const i of issues) i.run = runId;
  return { record, issues };
}

/** Guild's `Run.status` logic: marker files first, then the exit status, then the lock's process. */
export function statusOf(guildDir: string, exitStatus: unknown): GuildStatus {
  if (fs.existsSync(path.join(guildDir, 'LOCK.remote'))) return 'running';
  if (fs.existsSync(path.join(guildDir, 'PENDING'))) return 'pending';
  if (fs.existsSync(path.join(guildDir, 'STAGED'))) return 'staged';
  if (typeof exitStatus === 'number') return exitStatus === 0 ? 'completed' : exitStatus < 0 ? 'terminated' : 'error';
  const lock = readText(path.join(guildDir, 'LOCK'));
  const pid = lock === undefined ? NaN : Number(lock.trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? 'running' : 'error';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Event files of the run: its `.guild/` and its own files, not the `.guild/` of copied upstream runs. */
function eventFilesOf(runDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 16) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isFile() && isEventFileName(e.name)) files.push(full);
      else if (e.isDirectory() && e.name !== 'sourcecode' && (e.name !== '.guild' || dir === runDir)) walk(full, depth + 1);
    }
  };
  walk(runDir, 0);
  return files;
}

function upstreamRuns(deps: unknown): string[] {
  const ids = new Set<string>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (k === 'config' && typeof child === 'string' && /^[0-9a-f]{32}$/.test(child)) ids.add(child);
      else visit(child);
    }
  };
  visit(deps);
  return [...ids].sort();
}

function environmentOf(platform: unknown, pipFreeze: unknown): RunRecordInput['environment'] {
  const libraries: Record<string, string> = {};
  if (Array.isArray(pipFreeze)) {
    for (const line of pipFreeze) {
      const m = typeof line === 'string' ? /^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)/.exec(line.trim()) : null;
      if (m) libraries[m[1].toLowerCase().replace(/[-_.]+/g, '-')] = m[2];
    }
  }
  const pythonVersion = platform !== null && typeof platform === 'object' ? (platform as Record<string, unknown>).python_version : undefined;
  const version = typeof pythonVersion === 'string' ? /^\d+\.\d+(?:\.\d+)?/.exec(pythonVersion)?.[0] : undefined;
  return { ...(version ? { language: { name: 'python', version } } : {}), libraries };
}

function microsToMs(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value / 1000) : undefined;
}

/** Undefined when absent; a file behind a link leading out of the source also goes to `refused`. */
function readText(file: string, refused?: (e: Error) => void): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (fs.isOutsideSourceError(e)) refused?.(e);
    return undefined;
  }
}

function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}
