/**
 * DVC projects (format: docs/importers/dvc.md): the working tree as one run, and, when the project is
 * in a git repository, every experiment under `refs/exps/` and its baseline commit. A saved
 * `dvc exp show --json` file is read too (DVC 2 and DVC 3 shapes).
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { Detection, ImportItem, Importer } from '../importer.js';
import type { RunRecordInput } from '../../model/run-record.js';
import { validateRunRecord } from '../../model/run-record.js';
import { jsonErrorCode } from '../json-budget.js';
import { parsePythonJson } from '../python-json.js';
import { expShowRecords } from './exp-show.js';
import { type FileTree, MAX_READ_BYTES, commitTree, gitPrefix, workingTree } from './file-tree.js';
import { type GitExperiment, branchesAt, headCommit, listExperiments, originUrl, readCommit } from './git-experiments.js';
import { readProjectState } from './project-state.js';

const PROJECT_MARKERS = ['.dvc', 'dvc.yaml', 'dvc.lock'];
const AUTO_MESSAGE = /^dvc: commit experiment [0-9a-f]{64}$/;

export const dvcImporter: Importer = {
  id: 'dvc',
  description: 'DVC projects (params, metrics, dvc.lock, DVCLive, git experiments) and `dvc exp show --json` output',

  async detect(location: string): Promise<Detection> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(location);
    } catch {
      return { ok: false, reason: 'no such file or directory' };
    }
    if (stat.isDirectory()) {
      return PROJECT_MARKERS.some((m) => fs.existsSync(path.join(location, m)))
        ? { ok: true }
        : { ok: false, reason: 'no .dvc/, dvc.yaml or dvc.lock: not a DVC project root' };
    }
    if (!/\.json$/i.test(location)) return { ok: false, reason: 'not a directory or a .json file' };
    const head = readHead(location);
    // exp show: DVC 3 starts with [{"rev": "workspace"…, DVC 2 with {"workspace": {"baseline"…
    return /^\s*\[\s*\{\s*"rev"\s*:/.test(head) || /^\s*\{\s*"workspace"\s*:\s*\{\s*"baseline"/.test(head)
      ? { ok: true }
      : { ok: false, reason: 'a .json file that is not `dvc exp show --json` output' };
  },

  async *read(location: string): AsyncIterable<ImportItem> {
    if (fs.statSync(location).isFile()) {
      yield* readExpShow(location);
      return;
    }
    yield* readProject(path.resolve(location));
  },
};

function* readExpShow(file: string): Iterable<ImportItem> {
  const name = path.basename(file);
  let doc: unknown;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_READ_BYTES) {
      yield issue({ code: 'file_too_large', message: `${size} bytes: larger than the ${MAX_READ_BYTES}-byte limit`, path: [], file: name, severity: 'error' });
      return;
    }
    doc = parsePythonJson(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    yield issue({ code: jsonErrorCode(e), message: (e as Error).message, path: [], file: name, severity: 'error' });
    return;
  }
  const { records, issues } = expShowRecords(doc, name);
  for (const i of issues) yield issue({ ...i, file: name, severity: i.severity ?? 'error' });
  for (const record of records) yield* validated(record, name, file);
}

function* readProject(root: string): Iterable<ImportItem> {
  const prefix = gitPrefix(root);
  const head = prefix === undefined ? undefined : headCommit(root);
  const repository = prefix === undefined ? undefined : originUrl(root);

  // The working tree: what the next experiment would start from.
  const workspace = stateRecord(workingTree(root, prefix !== undefined), {
    source: { tracker: 'dvc', location: '.', runId: head === undefined ? `workspace:${path.basename(root)}` : `workspace:${head}` },
    name: 'workspace',
    status: 'unknown',
    parentRunId: head,
    experiment: head === undefined ? undefined : { id: head },
    tags: { 'dvc.kind': 'workspace' },
  }, '.');
  yield* workspace;
  if (prefix === undefined || head === undefined) return;

  let experiments: GitExperiment[];
  try {
    const listed = listExperiments(root);
    experiments = listed.experiments;
    for (const ref of listed.skipped) yield issue({ code: 'skipped_ref', message: 'not an experiment ref (queue or executor), skipped', path: [], file: ref, severity: 'warning' });
  } catch (e) {
    yield issue({ code: 'git_failed', message: `refs/exps: ${(e as Error).message}`, path: [], file: 'refs/exps', severity: 'error' });
    return;
  }

  // Baselines: HEAD plus every commit an experiment was run from.
  const baselines = [...new Set([head, ...experiments.map((e) => e.baseline)])];
  const baselineNames = new Map<string, string>();
  for (const sha of baselines) {
    const name = branchesAt(root, sha)[0] ?? sha.slice(0, 7);
    baselineNames.set(sha, name);
    let time: number | undefined;
    try {
      time = readCommit(root, sha).time;
    } catch (e) {
      yield issue({ code: 'git_failed', message: (e as Error).message, path: [], file: sha, run: sha, severity: 'error' });
      continue;
    }
    yield* stateRecord(commitTree(root, prefix, sha), {
      source: { tracker: 'dvc', location: `.#${sha}`, runId: sha },
      name,
      status: 'finished',
      experiment: { id: sha, name },
      endTime: new Date(time).toISOString(),
      code: { repository, commit: sha },
      tags: { 'dvc.kind': 'baseline' },
    }, `.#${sha}`);
  }

  for (const exp of experiments) {
    const { commit } = exp;
    if (commit.parents[0] !== exp.baseline) {
      yield issue({ code: 'unexpected_parent', message: `commit ${commit.sha} has parent ${commit.parents[0] ?? 'none'}, not the baseline named by the ref`, path: [], file: exp.ref, run: commit.sha, severity: 'warning' });
    }
    const tags: Record<string, string> = { 'dvc.kind': 'experiment', 'dvc.ref': exp.ref };
    if (!AUTO_MESSAGE.test(commit.subject)) tags['dvc.message'] = commit.subject;
    yield* stateRecord(commitTree(root, prefix, commit.sha), {
      source: { tracker: 'dvc', location: `.#${commit.sha}`, runId: commit.sha },
      name: exp.name,
      status: 'finished',
      parentRunId: exp.baseline,
      experiment: { id: exp.baseline, name: baselineNames.get(exp.baseline) },
      endTime: new Date(commit.time).toISOString(),
      code: { repository, commit: commit.sha },
      tags,
    }, `.#${commit.sha}`);
  }
}

/** Completes a record with what the state's files say; file issues name the state (`.#<sha>`) and file. */
function* stateRecord(tree: FileTree, base: RunRecordInput, where: string): Iterable<ImportItem> {
  const runId = base.source.runId;
  let result: ReturnType<typeof readProjectState>;
  try {
    result = readProjectState(tree);
  } catch (e) {
    yield issue({ code: 'unreadable_state', message: (e as Error).message, path: [], file: where, run: runId, severity: 'error' });
    return;
  }
  const stateFile = (file: string | undefined): string => (where === '.' ? (file ?? '.') : `${where}:${file ?? ''}`);
  for (const i of result.issues) yield issue({ ...i, file: stateFile(i.file), run: runId, severity: i.severity ?? 'warning' });
  yield* validated({ ...base, ...result.state }, where, undefined);
}

function* validated(record: RunRecordInput, where: string, file: string | undefined): Iterable<ImportItem> {
  const valid = validateRunRecord(record);
  if (valid.ok) {
    yield { kind: 'run', record: valid.record, file };
    return;
  }
  for (const i of valid.issues) yield issue({ ...i, message: `${i.path.join('.')}: ${i.message}`, file: where, run: record.source.runId });
}

const issue = (i: Issue): ImportItem => ({ kind: 'issue', issue: i });

function readHead(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(1024);
      const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
