/**
 * Trackers such as MLflow store every parameter as a string; this recovers the typed value
 * (so a query can compare `n_estimators > 100` numerically) while keeping the original text.
 */
import type { ParamValue } from './run-record.js';

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;
const NUMERIC = /^([+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?|nan|NaN|[+-]?inf|[+-]?Infinity)$/;
const SPECIAL_FLOATS: Record<string, number> = {
  nan: NaN, NaN: NaN, inf: Infinity, Infinity: Infinity, '+inf': Infinity, '-inf': -Infinity, '-Infinity': -Infinity,
};

/** Parses a parameter logged as text. Python reprs (`True`, `None`, `[1, 2]`, `{'a': 1}`) are understood. */
export function parseParamString(raw: string): ParamValue {
  const text = raw.trim();
  if (INTEGER.test(text)) {
    const n = Number(text);
    return { type: 'integer', value: Number.isSafeInteger(n) ? n : BigInt(text), raw };
  }
  if (FLOAT.test(text)) return { type: 'float', value: Number(text), raw };
  if (text in SPECIAL_FLOATS) return { type: 'float', value: SPECIAL_FLOATS[text], raw };
  if (text === 'True' || text === 'true') return { type: 'boolean', value: true, raw };
  if (text === 'False' || text === 'false') return { type: 'boolean', value: false, raw };
  if (text === 'None' || text === 'null') return { type: 'null', value: null, raw };
  if ((text.startsWith('[') && text.endsWith(']')) || (text.startsWith('{') && text.endsWith('}'))) {
    const parsed = parseJsonish(text);
    if (Array.isArray(parsed)) return { type: 'list', value: parsed, raw };
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') return { type: 'object', value: parsed as Record<string, unknown>, raw };
  }
  return { type: 'string', value: raw, raw };
}

/** Types a value that arrived already structured (JSON config files, protobuf values). */
export function paramFromValue(value: unknown, raw?: string): ParamValue {
  const text = raw ?? (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
  if (value === null || value === undefined) return { type: 'null', value: null, raw: text };
  if (typeof value === 'boolean') return { type: 'boolean', value, raw: text };
  if (typeof value === 'bigint') return { type: 'integer', value, raw: raw ?? value.toString() };
  if (typeof value === 'number') {
    return Number.isInteger(value) && Number.isSafeInteger(value) && !/[.eE]/.test(text)
      ? { type: 'integer', value, raw: text }
      : { type: 'float', value, raw: text };
  }
  // Numbers that arrive as text (YAML 1.1 reads `1e-3` as a string; JSON configs quote them) are
  // numbers: a numeric string typed xsd:string could never be compared, and the shapes forbid it.
  if (typeof value === 'string') return NUMERIC.test(value.trim()) ? { ...parseParamString(value), raw: text } : { type: 'string', value, raw: text };
  if (Array.isArray(value)) return { type: 'list', value, raw: text };
  return { type: 'object', value: value as Record<string, unknown>, raw: text };
}

/** JSON first, then a conservative Python-literal translation; undefined when neither parses. */
function parseJsonish(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Python repr: single quotes, True/False/None. Only attempted when no double quotes are present.
    if (text.includes('"')) return undefined;
    const translated = text
      .replace(/'/g, '"')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null')
      .replace(/,\s*([\]}])/g, '$1');
    try {
      return JSON.parse(translated);
    } catch {
      return undefined;
    }
  }
}
