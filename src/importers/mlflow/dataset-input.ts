/**
 * A dataset input as MLflow 2.4+ describes it (file store meta.yaml, SQL `datasets` row, REST or export
 * JSON): name, digest, a JSON `source`, a JSON `profile` of numbers, and the input tag `mlflow.data.context`.
 */
import type { DatasetInput } from '../../model/run-record.js';
import { parseJson } from '../json-budget.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A dataset's `source` is a JSON string; its URI-like field, when it has one, says where the data is. */
export function datasetInput(ds: Record<string, unknown>, context: string | undefined): DatasetInput {
  const input: DatasetInput = {};
  if (str(ds.name)) input.name = str(ds.name);
  if (str(ds.digest)) input.digest = str(ds.digest);
  const source = datasetSourceUri(str(ds.source));
  if (source) input.source = source;
  if (context) input.context = context;
  const characteristics = datasetProfile(str(ds.profile));
  if (characteristics && Object.keys(characteristics).length > 0) input.characteristics = characteristics;
  return input;
}

/**
 * The profile (`{"num_rows": 30, "num_elements": 120}`) as characteristics: its finite numbers only.
 * Undefined when the text is not a JSON object, so the caller can report it.
 */
export function datasetProfile(text: string | undefined): Record<string, number> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

export function datasetSourceUri(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const parsed = parseJson(text) as Record<string, unknown>;
    for (const key of ['uri', 'url', 'path', 'file', 'table_name', 'path_or_dataset']) {
      if (typeof parsed?.[key] === 'string' && parsed[key] !== '') return parsed[key] as string;
    }
  } catch {
    // Not JSON: nothing to take from it.
  }
  return undefined;
}
