/**
 * What every MLflow backend (file store, SQLite, REST, export JSON) reads before MLflow's conventions are
 * applied: MLflow's own fields with its own names. `toRunRecord` turns it into the tracker-neutral record.
 */
import type { DatasetInput, MetricPoint, RunStatus } from '../../model/run-record.js';

export interface RegistryEntry {
  name: string;
  version: string;
  stage?: string;
  aliases: string[];
  deleted: boolean;
}

export interface RawModel {
  id?: string;
  name?: string;
  uri?: string;
  flavor?: string;
  digest?: string;
  registry: RegistryEntry[];
}

export interface RawRun {
  runId: string;
  /** Path of the run relative to the imported root, or its URL. */
  location: string;
  experiment?: { id?: string; name?: string };
  runName?: string;
  status?: RunStatus;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  userId?: string;
  deleted: boolean;
  params: Record<string, string>;
  metrics: Record<string, MetricPoint[]>;
  tags: Record<string, string>;
  datasets: DatasetInput[];
  artifacts: { path: string; size?: number }[];
  models: RawModel[];
  /** Library versions found in the run's files (pip freeze, model requirements). */
  libraries: Record<string, string>;
}

export function emptyRawRun(runId: string, location: string): RawRun {
  return { runId, location, deleted: false, params: {}, metrics: {}, tags: {}, datasets: [], artifacts: [], models: [], libraries: {} };
}
