/**
 * Papers with Code's evaluation tables (the sota-extractor "taskdb" format) → reported results.
 * The file is a list of tasks: `task`, `datasets` and recursive `subtasks`; a dataset is named by
 * `dataset` (or `subdataset` inside `subdatasets`) and holds `sota.rows`, each a leaderboard row with
 * `model_name`, `metrics` (name → value, usually text), `paper_title`, `paper_url`, `paper_date`,
 * `code_links` and `uses_additional_data`. A malformed row is reported, naming its task, dataset and
 * row, and skipped; the rest of the file still imports.
 */
import { createHash } from 'node:crypto';
import type { Issue } from '../../errors.js';
import type { RunRecordInput } from '../../model/run-record.js';
import type { ReportedValue } from '../../model/reported-result.js';
import type { ImportItem } from '../importer.js';
import { parseReportedNumber } from './reported-number.js';
import { publicationIds } from './publication-ids.js';

/** Subtasks and subdatasets nest; real tables go three or four levels deep. */
const MAX_DEPTH = 32;

type Path = (string | number)[];
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Walks a parsed evaluation-tables document; `file` names it in issues and records. */
export function* evaluationTableItems(document: unknown, file: string, location: string): Generator<ImportItem> {
  const walker = new TableWalker(file, location);
  if (!Array.isArray(document)) {
    yield walker.issue([], 'not_evaluation_tables', 'expected a JSON array of tasks (Papers with Code evaluation tables)');
    return;
  }
  for (let i = 0; i < document.length; i++) yield* walker.task(document[i], [i], 0);
}

class TableWalker {
  /** Row keys seen, so a row repeated under the same task and dataset still gets its own id. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly location: string,
  ) {}

  issue(path: Path, code: string, message: string, severity: Issue['severity'] = 'error', run?: string): ImportItem {
    return { kind: 'issue', issue: { code, message, path, file: this.file, run, severity } };
  }

  *task(task: unknown, path: Path, depth: number): Generator<ImportItem> {
    if (depth > MAX_DEPTH) {
      yield this.issue(path, 'too_deep', `tasks nest deeper than ${MAX_DEPTH} levels here; the rest is not read`);
      return;
    }
    const name = isObject(task) ? text(task.task) : undefined;
    if (!isObject(task) || name === undefined) {
      yield this.issue([...path, 'task'], 'invalid_task', `task at ${describePath(path)}: no "task" name; its datasets and subtasks are skipped`);
      return;
    }
    for (const [key, nested] of [['datasets', task.datasets], ['subtasks', task.subtasks]] as const) {
      if (nested !== undefined && nested !== null && !Array.isArray(nested)) {
        yield this.issue([...path, key], 'invalid_task', `task "${name}": "${key}" is not a list; skipped`);
      }
    }
    const datasets = Array.isArray(task.datasets) ? task.datasets : [];
    for (let j = 0; j < datasets.length; j++) yield* this.dataset(datasets[j], name, [...path, 'datasets', j], depth);
    const subtasks = Array.isArray(task.subtasks) ? task.subtasks : [];
    for (let s = 0; s < subtasks.length; s++) yield* this.task(subtasks[s], [...path, 'subtasks', s], depth + 1);
  }

  private *dataset(dataset: unknown, task: string, path: Path, depth: number): Generator<ImportItem> {
    if (depth > MAX_DEPTH) {
      yield this.issue(path, 'too_deep', `task "${task}": datasets nest deeper than ${MAX_DEPTH} levels here; the rest is not read`);
      return;
    }
    const name = isObject(dataset) ? (text(dataset.dataset) ?? text(dataset.subdataset)) : undefined;
    if (!isObject(dataset) || name === undefined) {
      yield this.issue([...path, 'dataset'], 'invalid_dataset', `task "${task}", dataset at ${describePath(path)}: no "dataset" name; its rows are skipped`);
      return;
    }
    const sota = dataset.sota;
    const rows = isObject(sota) ? sota.rows : undefined;
    if ((sota !== undefined && sota !== null && !isObject(sota)) || (rows !== undefined && rows !== null && !Array.isArray(rows))) {
      yield this.issue([...path, 'sota', 'rows'], 'invalid_dataset', `task "${task}", dataset "${name}": "sota.rows" is not a list; skipped`);
    }
    const list = Array.isArray(rows) ? rows : [];
    for (let k = 0; k < list.length; k++) yield* this.row(list[k], task, name, [...path, 'sota', 'rows', k]);
    const subdatasets = Array.isArray(dataset.subdatasets) ? dataset.subdatasets : [];
    for (let s = 0; s < subdatasets.length; s++) yield* this.dataset(subdatasets[s], task, [...path, 'subdatasets', s], depth + 1);
  }

  private *row(row: unknown, task: string, dataset: string, path: Path): Generator<ImportItem> {
    const where = `task "${task}", dataset "${dataset}", row ${path[path.length - 1]}`;
    const model = isObject(row) ? text(row.model_name) : undefined;
    if (!isObject(row) || model === undefined) {
      yield this.issue([...path, 'model_name'], 'invalid_row', `${where}: no "model_name"; row skipped`);
      return;
    }
    if (row.metrics === undefined || row.metrics === null) {
      yield this.issue([...path, 'metrics'], 'no_values', `${where} (${model}): reports no metric value; row skipped`, 'warning');
      return;
    }
    if (!isObject(row.metrics)) {
      yield this.issue([...path, 'metrics'], 'invalid_row', `${where} (${model}): "metrics" is not an object of metric name → value; row skipped`);
      return;
    }
    const url = optionalText(row.paper_url);
    const title = optionalText(row.paper_title);
    const id = this.rowId(task, dataset, model, url.value, title.value);
    const warn = (field: string, message: string): ImportItem =>
      this.issue([...path, field], 'invalid_field', `${where} (${model}): "${field}" ${message}`, 'warning', id);
    if (url.invalid) yield warn('paper_url', 'is not text; left out');
    if (title.invalid) yield warn('paper_title', 'is not text; left out');
    const date = paperDate(row.paper_date);
    if (date.invalid) yield warn('paper_date', `${JSON.stringify(row.paper_date)} is not a date (YYYY-MM-DD); left out`);
    if (row.uses_additional_data !== undefined && row.uses_additional_data !== null && typeof row.uses_additional_data !== 'boolean') {
      yield warn('uses_additional_data', 'is not true or false; left out');
    }

    const values: Record<string, ReportedValue> = {};
    for (const [metric, raw] of Object.entries(row.metrics)) {
      if (raw === null || raw === '') continue; // the row reports nothing for this metric
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        yield this.issue([...path, 'metrics', metric], 'invalid_value', `${where} (${model}): metrics."${metric}" is ${JSON.stringify(raw)}, not a value; left out`, 'warning', id);
        continue;
      }
      const value = parseReportedNumber(raw, metric);
      if (value === undefined) {
        yield this.issue([...path, 'metrics', metric], 'unparsed_value', `${where} (${model}): metrics."${metric}" ${JSON.stringify(raw)} is not a number; kept as text`, 'warning', id);
      }
      values[metric] = value === undefined ? { raw: String(raw) } : { raw: String(raw), value };
    }
    if (Object.keys(values).length === 0) {
      yield this.issue([...path, 'metrics'], 'no_values', `${where} (${model}): reports no metric value; row skipped`, 'warning');
      return;
    }
    const record: RunRecordInput = {
      source: { tracker: 'pwc', location: this.location, runId: id },
      name: model,
      datasets: [{ name: dataset }],
      reported: {
        task,
        publication: { title: title.value, url: url.value, date: date.value, ...publicationIds(url.value) },
        values,
        usesAdditionalData: typeof row.uses_additional_data === 'boolean' ? row.uses_additional_data : undefined,
        codeLinks: codeLinks(row.code_links),
      },
    };
    yield { kind: 'run', record, file: this.file };
  }

  /** Stable across imports of the same file: a digest of what identifies the row, not its position. */
  private rowId(task: string, dataset: string, model: string, url: string | undefined, title: string | undefined): string {
    const base = createHash('sha256').update(JSON.stringify([task, dataset, model, url ?? '', title ?? ''])).digest('hex').slice(0, 16);
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  }
}

function optionalText(v: unknown): { value?: string; invalid: boolean } {
  if (v === undefined || v === null || v === '') return { invalid: false };
  return typeof v === 'string' ? { value: text(v), invalid: false } : { invalid: true };
}

/** `YYYY-MM-DD`, also when written as the start of a date-time. */
function paperDate(v: unknown): { value?: string; invalid: boolean } {
  if (v === undefined || v === null || v === '') return { invalid: false };
  const match = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(v.trim()) : null;
  if (match === null || Number.isNaN(Date.parse(match[1]))) return { invalid: true };
  return { value: match[1], invalid: false };
}

function codeLinks(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((l) => (isObject(l) ? text(l.url) : undefined)).filter((u): u is string => u !== undefined);
}

const describePath = (path: Path): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
