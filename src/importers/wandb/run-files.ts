/**
 * The plain files of a W&B run folder (`files/config.yaml`, `wandb-summary.json`,
 * `wandb-metadata.json`, `requirements.txt`). Each reader returns undefined when the file is absent
 * and reports a malformed file as an issue instead of throwing.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isParseBudgetError } from '../../parse-budget-error.js';
import { checkYamlBudget } from '../../yaml-budget.js';
import type { Issue } from '../../errors.js';
import { jsonErrorCode } from '../json-budget.js';
import { parsePythonJson } from '../python-json.js';

export type IssueSink = (issue: Omit<Issue, 'severity'> & { severity?: Issue['severity'] }) => void;

/** What we keep of the metadata; host, e-mail, root and executable paths are private and dropped. */
export interface RunMetadata {
  python?: string;
  program?: string;
  codePath?: string;
  gitRemote?: string;
  gitCommit?: string;
  username?: string;
  startedAt?: string;
}

export interface RunConfig {
  /** User configuration: top-level key → value, internals removed. */
  values: Record<string, unknown>;
  /** The `_wandb` value: cli_version, python_version, start_time, e (environment per writer)… */
  internals: Record<string, unknown>;
}

/** Undefined when absent; a file behind a link leading out of the source is also reported. */
function readText(file: string, report?: IssueSink, run?: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (fs.isOutsideSourceError(e)) report?.({ code: 'unreadable_file', message: e.message, path: [], file, run, severity: 'warning' });
    return undefined;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `key: {desc, value}` (≤0.16, after `wandb_version: 1`) and `key: {value}` (newer) forms. */
export function readConfigYaml(dir: string, run: string, report: IssueSink): RunConfig | undefined {
  const file = path.join(dir, 'files', 'config.yaml');
  const text = readText(file, report, run);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    checkYamlBudget(text);
    doc = parseYaml(text);
  } catch (e) {
    report({ code: isParseBudgetError(e) ? e.code : 'invalid_yaml', message: (e as Error).message, path: [], file, run });
    return undefined;
  }
  if (doc === null || doc === undefined) return { values: {}, internals: {} };
  if (!isMap(doc)) {
    report({ code: 'invalid_config', message: 'config.yaml is not a mapping', path: [], file, run });
    return undefined;
  }
  return splitConfig(doc, true);
}

/** Moves `_wandb` apart; with `unwrap`, also unwraps config.yaml's `{desc, value}` / `{value}` entries. */
export function splitConfig(doc: Record<string, unknown>, unwrap = false): RunConfig {
  const values: Record<string, unknown> = {};
  let internals: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(doc)) {
    if (key === 'wandb_version') continue;
    const value = unwrap && isMap(entry) && 'value' in entry && Object.keys(entry).every((k) => k === 'value' || k === 'desc') ? entry.value : entry;
    if (key === '_wandb') internals = isMap(value) ? value : {};
    else values[key] = value;
  }
  return { values, internals };
}

export function readSummaryJson(dir: string, run: string, report: IssueSink): Record<string, unknown> | undefined {
  const file = path.join(dir, 'files', 'wandb-summary.json');
  const text = readText(file, report, run);
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const value = parsePythonJson(text);
    if (isMap(value)) return value;
    report({ code: 'invalid_summary', message: 'wandb-summary.json is not a JSON object', path: [], file, run });
  } catch (e) {
    report({ code: jsonErrorCode(e), message: (e as Error).message, path: [], file, run });
  }
  return undefined;
}

export function readMetadataJson(dir: string, run: string, report: IssueSink): RunMetadata | undefined {
  const file = path.join(dir, 'files', 'wandb-metadata.json');
  const text = readText(file, report, run);
  if (text === undefined || text.trim() === '') return undefined;
  let doc: unknown;
  try {
    doc = parsePythonJson(text);
  } catch (e) {
    report({ code: jsonErrorCode(e), message: (e as Error).message, path: [], file, run });
    return undefined;
  }
  if (!isMap(doc)) {
    report({ code: 'invalid_metadata', message: 'wandb-metadata.json is not a JSON object', path: [], file, run });
    return undefined;
  }
  return metadataFrom(doc);
}

/** Picks the public fields of a metadata object (also the shape of config `_wandb.e.<writer>`). */
export function metadataFrom(doc: Record<string, unknown>): RunMetadata {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const git = isMap(doc.git) ? doc.git : {};
  return {
    python: str(doc.python),
    program: str(doc.program),
    codePath: str(doc.codePath) ?? str(doc.code_path),
    gitRemote: str(git.remote) ?? str(git.remote_url),
    gitCommit: str(git.commit),
    username: str(doc.username),
    startedAt: str(doc.startedAt) ?? str(doc.started_at),
  };
}

/** `name==version` lines of `files/requirements.txt` (pip freeze) → lower-case name → version. */
export function readRequirements(dir: string, run?: string, report?: IssueSink): Record<string, string> {
  const text = readText(path.join(dir, 'files', 'requirements.txt'), report, run) ?? '';
  const libraries: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*===?\s*([^\s;#]+)/.exec(line);
    if (match) libraries[match[1].toLowerCase().replace(/[-_.]+/g, '-')] = match[2];
  }
  return libraries;
}
