/**
 * A result a publication reports (a Papers with Code leaderboard row): nothing in the archive executed
 * it, so it rides on a run record only as a marker the mapper turns into an rg:ReportedResult, never an
 * mls:Run (docs/decisions/0006-published-results.md).
 */
import { z } from 'zod';

const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });

export const Publication = z.object({
  title: z.string().optional(),
  url: z.string().optional(),
  /** Publication date as the source gives it, `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional(),
  /** arXiv identifier without version, e.g. `1905.11946` or `cs/0112017`. */
  arxiv: z.string().optional(),
  /** DOI without resolver, e.g. `10.1109/CVPR.2016.90`. */
  doi: z.string().optional(),
});

/** One reported value: the text as published, and its number when the text reads as one. */
export const ReportedValue = z.object({
  raw: z.string(),
  value: anyNumber.optional(),
});

export const ReportedResult = z.object({
  publication: Publication,
  /** The task as the source names it, e.g. `Image Classification`. */
  task: z.string().optional(),
  /** Metric name as published → value. */
  values: z.record(z.string(), ReportedValue).default({}),
  /** The publication used training data beyond the benchmark's own: not comparable as is. */
  usesAdditionalData: z.boolean().optional(),
  /** Code published with the paper. */
  codeLinks: z.array(z.string()).default([]),
});

export type Publication = z.infer<typeof Publication>;
export type ReportedValue = z.infer<typeof ReportedValue>;
export type ReportedResult = z.infer<typeof ReportedResult>;
