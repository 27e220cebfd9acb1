/**
 * OpenML run descriptions saved from the API (format: docs/importers/openml.md): one `.xml` / `.json`
 * file, or a folder of them. Flow and task documents in the same folder add library versions and the
 * estimation procedure to the runs that use them; list responses are recognised and skipped.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { validateRunRecord } from '../../model/run-record.js';
import { type OmlDocument, isNode, many, parseOmlDocument } from './openml-document.js';
import { parseOpenmlFlow } from './openml-flow.js';
import { type OpenmlContext, openmlRunRecord, parseOpenmlSetup, parseOpenmlTask } from './openml-run.js';

const MAX_FILES = 100_000;
const DETECT_FILES = 2_000;
const MAX_DEPTH = 8;
const DOCUMENT = /\.(xml|json)$/i;

export const openmlImporter: Importer = {
  id: 'openml',
  description: 'OpenML run descriptions (oml:run XML or JSON), with flows and tasks beside them',

  async detect(location: string): Promise<Detection> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(location);
    } catch {
      return { ok: false, reason: 'no such file or directory' };
    }
    // Detection looks at a bounded number of files so asking about a big folder stays cheap.
    const files = stat.isDirectory() ? documentFiles(location, DETECT_FILES) : [location];
    if (!stat.isDirectory() && !DOCUMENT.test(location)) return { ok: false, reason: 'not an .xml or .json file' };
    if (files.some(looksLikeRun)) return { ok: true };
    return { ok: false, reason: stat.isDirectory() ? 'no .xml/.json file holding an OpenML run (oml:run with run_id)' : 'not an OpenML run description (no oml:run with run_id)' };
  },

  async *read(location: string): AsyncIterable<ImportItem> {
    const isDir = fs.statSync(location).isDirectory();
    const root = isDir ? location : path.dirname(location);
    const files = isDir ? documentFiles(location) : [location];
    const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
    const documents: { file: string; doc: OmlDocument }[] = [];
    for (const file of files) {
      let doc: OmlDocument;
      try {
        doc = parseOmlDocument(fs.readFileSync(file, 'utf8'), /\.json$/i.test(file) ? 'json' : 'xml');
      } catch (e) {
        // In a folder, unrelated XML/JSON is expected; only files that claim to be OpenML are reported,
        // and those behind a link leading out of the folder, since they may be.
        if (fs.isOutsideSourceError(e)) yield issueItem({ code: 'unreadable_file', message: e.message, path: [], file: rel(file), severity: 'error' });
        else if (!isDir || looksLikeOpenml(file)) yield issueItem({ code: 'invalid_document', message: (e as Error).message, path: [], file: rel(file), severity: 'error' });
        continue;
      }
      documents.push({ file, doc });
    }

    const context: OpenmlContext = { flows: new Map(), tasks: new Map(), setups: new Map() };
    // Full flow documents win over the short entries of a flow list.
    for (const { doc } of documents) {
      if (doc.root !== 'flows') continue;
      for (const entry of many(doc.body.flow)) {
        if (!isNode(entry)) continue;
        const flow = parseOpenmlFlow(entry);
        if (flow.id !== undefined) context.flows.set(flow.id, flow);
      }
    }
    for (const { doc } of documents) {
      if (doc.root === 'flow') {
        const flow = parseOpenmlFlow(doc.body);
        if (flow.id !== undefined) context.flows.set(flow.id, flow);
      } else if (doc.root === 'setup_parameters') {
        const setup = parseOpenmlSetup(doc.body);
        if (setup !== undefined) context.setups.set(setup.id, setup.params);
      } else if (doc.root === 'task') {
        const task = parseOpenmlTask(doc.body);
        if (task !== undefined) context.tasks.set(task.id, task);
      }
    }

    for (const { file, doc } of documents) {
      if (doc.root !== 'run') continue;
      const issues: Issue[] = [];
      const record = openmlRunRecord(doc.body, rel(file), context, (code, message, fieldPath) =>
        issues.push({ code, message, path: fieldPath, file: rel(file), severity: 'warning' }),
      );
      const runId = record?.source.runId;
      for (const i of issues) yield issueItem({ ...i, run: runId, severity: record === undefined ? 'error' : i.severity });
      if (record === undefined) continue;
      const valid = validateRunRecord(record);
      if (valid.ok) yield { kind: 'run', record: valid.record, file };
      else for (const i of valid.issues) yield issueItem({ ...i, message: `${i.path.join('.')}: ${i.message}`, file: rel(file), run: runId });
    }
  },
};

const issueItem = (issue: Issue): ImportItem => ({ kind: 'issue', issue });

function documentFiles(dir: string, limit = MAX_FILES): string[] {
  const out: string[] = [];
  const walk = (folder: string, depth: number): void => {
    if (depth > MAX_DEPTH || out.length >= limit) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(folder, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(full, depth + 1);
      else if ((e.isFile() || e.isSymbolicLink()) && DOCUMENT.test(e.name) && out.length < limit) out.push(full);
    }
  };
  walk(dir, 0);
  return out;
}

function head(file: string, bytes = 4096): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const n = fs.readSync(fd, buffer, 0, bytes, 0);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function looksLikeRun(file: string): boolean {
  const start = head(file);
  if (/<oml:run[\s>]/.test(start)) return /<oml:run_id>/.test(start);
  return /^\s*\{\s*"(oml:)?run"\s*:\s*\{/.test(start) && /"(oml:)?run_id"\s*:/.test(start);
}

function looksLikeOpenml(file: string): boolean {
  return /<oml:|"oml:|"run_id"/.test(head(file));
}
