/**
 * Epoch milliseconds → ISO 8601, or undefined when the value is outside what a Date can hold
 * (a corrupt file can claim any time; `toISOString` would throw on it).
 */
export function isoTime(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The milliseconds themselves when a Date can hold them, else undefined (for metric timestamps). */
export function validTime(ms: number | undefined): number | undefined {
  return isoTime(ms) === undefined ? undefined : ms;
}
