/**
 * Leaderboard values are text: `91.3%`, `0.913`, `1.2M`, `25,600`, `80.1 ± 0.2`. This reads the
 * number they state. A percentage becomes a fraction (as trackers log accuracy), when the value has a
 * `%` or the metric's name says it is a percentage; anything else is taken as written. Text that
 * does not read as one number (`-`, `N/A`, `12/34`) gives undefined and is kept as text by the caller.
 */

const MULTIPLIERS: Record<string, number> = { k: 3, K: 3, M: 6, B: 9, G: 9, T: 12 };

// sign, digits (optionally grouped by commas), fraction, exponent, multiplier, percent, then an
// optional spread the value is quoted with (± 0.2, +- 0.2, (0.2)), which is kept only in the raw text.
const NUMBER = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*([kKMBGT])?\s*(%)?\s*(?:(?:±|\+-|\+\/-)\s*[\d.]+\s*%?|\([^()]*\))?$/;

/** True when the metric's own name says its values are percentages (`Error (%)`, `Percentage correct`). */
export function namesPercentage(metric: string): boolean {
  return /%|\bpercent(age)?\b/i.test(metric);
}

/** The number a reported value states, or undefined when it states none. */
export function parseReportedNumber(raw: string | number, metric: string): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? scale(String(raw), 0, namesPercentage(metric)) : undefined;
  const match = NUMBER.exec(raw.trim());
  if (match === null) return undefined;
  const [, sign, digits, exponent, multiplier, percent] = match;
  const shift = Number(exponent ?? 0) + (multiplier ? MULTIPLIERS[multiplier] : 0);
  return scale(`${sign}${digits.replace(/,/g, '')}`, shift, percent !== undefined || namesPercentage(metric));
}

/** Shifts the decimal exponent in text, so 91.3% is exactly 0.913 rather than 91.3 / 100. */
function scale(decimal: string, shift: number, percent: boolean): number | undefined {
  const value = Number(`${decimal}e${shift - (percent ? 2 : 0)}`);
  return Number.isFinite(value) ? value : undefined;
}
