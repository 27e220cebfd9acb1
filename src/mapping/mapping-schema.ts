/**
 * The zod schemas of the declarative mapping files in mappings/ (format: docs/mappings.md).
 * Concept files define the shared vocabulary; library files map one library's names onto it.
 */
import { z } from 'zod';

const localName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'concept names are UpperCamelCase local names');

export const WikidataLink = z.object({
  id: z.string().regex(/^Q\d+$/),
  /** Confidence as recorded in the verified id list (verified by several sources, or one source). */
  confidence: z.enum(['verified', 'one-source']),
  note: z.string().optional(),
});

const Concept = z.object({
  label: z.string().min(1),
  definition: z.string().optional(),
  altLabels: z.array(z.string()).default([]),
  broader: localName.optional(),
  wikidata: WikidataLink.optional(),
  source: z.string().optional(),
});

export const AlgorithmScheme = z.object({
  scheme: z.literal('algorithms'),
  concepts: z.record(localName, Concept),
});

export const HyperParameterScheme = z.object({
  scheme: z.literal('hyperparameters'),
  concepts: z.record(localName, Concept.extend({ appliesTo: z.array(localName).default([]) })),
});

export const SplitRule = z.object({
  split: z.enum(['TrainingSplit', 'ValidationSplit', 'TestSplit']),
  prefixes: z.array(z.string()).default([]),
  suffixes: z.array(z.string()).default([]),
});

export const AggregationRule = z.object({
  aggregation: z.enum(['Best', 'Mean', 'Min', 'Max', 'Last']),
  prefixes: z.array(z.string()).default([]),
  suffixes: z.array(z.string()).default([]),
});

export const MeasureScheme = z.object({
  scheme: z.literal('measures'),
  /** How a metric key names its split (`val_acc`, `eval/accuracy`, `accuracy_test`). */
  splits: z.record(z.string(), SplitRule),
  /** How a metric key names a summary of the series (`best_val_acc`, `val_loss_epoch`); tried only when the key resolves without. */
  aggregations: z.record(z.string(), AggregationRule).default({}),
  concepts: z.record(
    localName,
    Concept.extend({
      direction: z.enum(['maximize', 'minimize']),
      /** Metric keys (after the split prefix is removed), matched case-insensitively. */
      aliases: z.array(z.string()).default([]),
    }),
  ),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const SENTINEL_MEANINGS = ['unlimited', 'automatic', 'disabled', 'all', 'nondeterministic', 'library-chosen'] as const;

export const Sentinel = z
  .object({ value: scalar.optional(), atMost: z.number().optional(), means: z.enum(SENTINEL_MEANINGS) })
  .refine((s) => (s.value !== undefined) !== (s.atMost !== undefined), 'a sentinel has exactly one of value or atMost');

export const HyperParameterMapping = z.object({
  type: z.enum(['integer', 'float', 'boolean', 'string', 'list', 'object', 'any']),
  /** The default in the version this file describes; absent when the library has none. */
  default: z.union([scalar, z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  aliases: z.array(z.string()).default([]),
  canonical: localName.optional(),
  /** How the native value relates to the canonical concept's value; identity unless stated. */
  relation: z
    .object({
      transform: z.enum(['identity', 'inverse', 'negate', 'log10', 'one-minus']),
      direction: z.literal('native-to-canonical').default('native-to-canonical'),
      /** Why the relation is only approximate, when it is (e.g. sklearn C also scales with sample count). */
      note: z.string().optional(),
    })
    .optional(),
  /**
   * Native values with a special meaning instead of a magnitude (LightGBM max_depth -1 = unlimited,
   * sklearn max_depth None = unlimited): `value` matches exactly, `atMost` any number ≤ it.
   */
  sentinels: z.array(Sentinel).default([]),
  /** A short description in our own words. */
  note: z.string().optional(),
});

export const ImplementationMapping = z.object({
  algorithm: localName,
  /** Other names the same class is logged under: old module paths, autologger and PyPads names. */
  aliases: z.array(z.string()).default([]),
  hyperparameters: z.record(z.string(), HyperParameterMapping).default({}),
  note: z.string().optional(),
});

export const LibraryMapping = z.object({
  library: z.string().min(1),
  /** Key in a run's environment.libraries (the PyPI name). */
  package: z.string().min(1),
  /** The library version whose documentation this file was written from. */
  describes: z.string().min(1),
  /** Versions the file applies to, e.g. ">=1.0 <2". */
  appliesTo: z.string().default('*'),
  wikidata: WikidataLink.optional(),
  implementations: z.record(z.string(), ImplementationMapping),
});

export type LibraryMapping = z.infer<typeof LibraryMapping>;
export type ImplementationMapping = z.infer<typeof ImplementationMapping>;
export type HyperParameterMapping = z.infer<typeof HyperParameterMapping>;
export type Sentinel = z.infer<typeof Sentinel>;
export type MeasureScheme = z.infer<typeof MeasureScheme>;
export type AlgorithmScheme = z.infer<typeof AlgorithmScheme>;
export type HyperParameterScheme = z.infer<typeof HyperParameterScheme>;
