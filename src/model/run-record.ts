/**
 * The tracker-neutral run record: what every importer produces and the mapper consumes.
 * Schemas are the source of truth; the TypeScript types are inferred from them.
 */
import { z } from 'zod';
import type { Issue } from '../errors.js';
import { ReportedResult } from './reported-result.js';

/** Any JS number, NaN and ±Infinity included: trackers log them and we keep them. */
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });

/** ISO 8601 date-time with an explicit offset or Z, e.g. `2024-03-01T10:00:00.123Z`. */
const dateTime = z.iso.datetime({ offset: true, local: false });

export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed', 'unknown'] as const;
export const RunStatus = z.enum(RUN_STATUSES);

export const ParamValue = z.discriminatedUnion('type', [
  z.object({ type: z.literal('integer'), value: z.union([z.number().int(), z.bigint()]), raw: z.string() }),
  z.object({ type: z.literal('float'), value: anyNumber, raw: z.string() }),
  z.object({ type: z.literal('boolean'), value: z.boolean(), raw: z.string() }),
  z.object({ type: z.literal('string'), value: z.string(), raw: z.string() }),
  z.object({ type: z.literal('null'), value: z.null(), raw: z.string() }),
  z.object({ type: z.literal('list'), value: z.array(z.unknown()), raw: z.string() }),
  z.object({ type: z.literal('object'), value: z.record(z.string(), z.unknown()), raw: z.string() }),
]);

export const MetricPoint = z.object({
  step: z.number().int(),
  /** Milliseconds since the Unix epoch; absent when the tracker did not record it. */
  timestamp: z.number().optional(),
  value: anyNumber,
});

export const DatasetInput = z.object({
  name: z.string().optional(),
  /** Content digest as the tracker reports it (MLflow: 8-hex md5 prefix; DVC: md5; …). */
  digest: z.string().optional(),
  source: z.string().optional(),
  /** What the run used it for: `train`, `eval`, `test`, … */
  context: z.string().optional(),
  /**
   * Meta-features the tracker recorded for this data, under the tracker's own names
   * (MLflow's dataset profile: `num_rows`, `num_elements`).
   */
  characteristics: z.record(z.string(), z.number()).optional(),
});

export const Artifact = z.object({ path: z.string().min(1), size: z.number().int().nonnegative().optional() });

export const ModelOutput = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  uri: z.string().optional(),
  flavor: z.string().optional(),
  digest: z.string().optional(),
  /** Registry entries of this model: `name/version` with stage and aliases. */
  registry: z
    .array(z.object({ name: z.string(), version: z.string(), stage: z.string().optional(), aliases: z.array(z.string()).default([]), deleted: z.boolean().default(false) }))
    .default([]),
});

export const RunRecord = z.object({
  source: z.object({
    /** Importer id: `mlflow`, `wandb`, `tensorboard`, `json`, … */
    tracker: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    /** Where the run was read from (a path relative to the imported source, or a URL). */
    location: z.string(),
    /** The tracker's own run id, unique within the tracker. */
    runId: z.string().min(1),
  }),
  experiment: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  name: z.string().optional(),
  status: RunStatus.default('unknown'),
  startTime: dateTime.optional(),
  endTime: dateTime.optional(),
  user: z.string().optional(),
  /** Native run id of the parent run (nested runs, sweeps). */
  parentRunId: z.string().optional(),
  /** Fully qualified class or function that was trained, e.g. `sklearn.ensemble.RandomForestClassifier`. */
  implementation: z.string().optional(),
  params: z.record(z.string(), ParamValue).default({}),
  metrics: z.record(z.string(), z.array(MetricPoint)).default({}),
  tags: z.record(z.string(), z.string()).default({}),
  datasets: z.array(DatasetInput).default([]),
  artifacts: z.array(Artifact).default([]),
  code: z.object({ repository: z.string().optional(), commit: z.string().optional(), entryPoint: z.string().optional() }).optional(),
  environment: z
    .object({
      language: z.object({ name: z.string(), version: z.string().optional() }).optional(),
      /** Library name (lower case, as on PyPI) → version. */
      libraries: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  models: z.array(ModelOutput).default([]),
  /** True when the tracker marks the run as deleted (soft delete or trash). */
  deleted: z.boolean().default(false),
  /** Set when the record is a result a publication reports, not a run the tracker saw execute. */
  reported: ReportedResult.optional(),
});

export type RunStatus = z.infer<typeof RunStatus>;
export type ParamValue = z.infer<typeof ParamValue>;
export type MetricPoint = z.infer<typeof MetricPoint>;
export type DatasetInput = z.infer<typeof DatasetInput>;
export type RunRecord = z.infer<typeof RunRecord>;
/** What importers build before defaults are applied. */
export type RunRecordInput = z.input<typeof RunRecord>;

export type ValidationResult = { ok: true; record: RunRecord } | { ok: false; issues: Issue[] };

/** Validates without throwing and returns every issue with its path. */
export function validateRunRecord(input: unknown): ValidationResult {
  const parsed = RunRecord.safeParse(input);
  if (parsed.success) return { ok: true, record: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      code: i.code,
      message: i.message,
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      severity: 'error' as const,
    })),
  };
}
