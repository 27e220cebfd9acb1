/**
 * A dataset input as MLflow 2.4+ describes it (file store meta.yaml, SQL `datasets` row, REST or export
 * JSON): name, digest, a JSON `source`, and the input tag `mlflow.data.context`.
 */
import type { DatasetInput } from '../../model/run-record.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A dataset's `source` is a JSON string; its URI-like field, when it has one, says where the data is. */
export function datasetInput(ds: Record<string, unknown>, context: string | undefined): DatasetInput {
  const input: DatasetInput = {};
  if (str(ds.name)) input.name = str(ds.name);
  if (str(ds.digest)) input.digest = str(ds.digest);
  const source = datasetSourceUri(str(ds.source));
  if (source) input.source = source;
  if (context) input.context = context;
  return input;
}

export function datasetSourceUri(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['uri', 'url', 'path', 'file', 'table_name', 'path_or_dataset']) {
      if (typeof parsed?.[key] === 'string' && parsed[key] !== '') return parsed[key] as string;
    }
  } catch {
    // Not JSON: nothing to take from it.
  }
  return undefined;
}
