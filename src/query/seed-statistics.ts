/**
 * Summary statistics for groups of runs that differ only in their seed: mean ± standard deviation,
 * a t-based 95% confidence interval, and Welch's t-test between two groups. Distribution functions
 * come from stdlib, never from hand-rolled tables.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN for a single run. */
  sd: number;
  /** 95% confidence interval of the mean; absent for a single run. */
  ci?: [number, number];
}

export interface WelchTest {
  difference: number;
  t: number;
  df: number;
  p: number;
  /** 95% confidence interval of the difference of means. */
  ci: [number, number];
}

export function summarize(values: number[], confidence = 0.95): Summary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarize needs at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: NaN };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci: [mean - half, mean + half] };
}

/** Welch's unequal-variance t-test of mean(a) − mean(b); undefined when a group has fewer than two runs. */
export function welchTest(a: Summary, b: Summary, confidence = 0.95): WelchTest | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const va = a.sd ** 2 / a.n;
  const vb = b.sd ** 2 / b.n;
  const difference = a.mean - b.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // No seed-to-seed variation at all: any difference is exact.
    return { difference, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: a.n + b.n - 2, p: difference === 0 ? 1 : 0, ci: [difference, difference] };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = difference / se;
  const p = 2 * (1 - tCdf(Math.abs(t), df));
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { difference, t, df, p, ci: [difference - half, difference + half] };
}
