/**
 * JSON written by Python's `json.dump` (Sacred, DVC, DVCLive): bare `NaN`, `Infinity` and `-Infinity`
 * tokens are allowed there, and `JSON.parse` rejects them. JSON5 accepts them (and is a superset of JSON).
 */
import JSON5 from 'json5';
import { checkJsonBudget, MAX_LOSSLESS_JSON_CHARS } from './json-budget.js';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import type { ParamValue } from '../model/run-record.js';
import { paramFromValue } from '../model/param-value.js';

/**
 * Parses Python-written JSON; numbers become JS numbers. Throws SyntaxError on malformed text, and a
 * ParseBudgetError on text that would cost far more memory than its size (json-budget.ts).
 */
export function parsePythonJson(text: string): unknown {
  checkJsonBudget(text);
  try {
    return JSON.parse(text);
  } catch {
    return JSON5.parse(text);
  }
}

/**
 * A number as written in the file, so `48.0` (a Python float) stays a float parameter
 * instead of collapsing into the integer 48.
 */
export class NumberText {
  constructor(readonly text: string) {}
}

/**
 * Like parsePythonJson but every number is a NumberText. Files holding NaN/Infinity tokens
 * (which the lossless parser rejects) fall back to plain numbers. Texts over MAX_LOSSLESS_JSON_CHARS are refused.
 */
export function parsePythonJsonKeepingNumbers(text: string): unknown {
  checkJsonBudget(text, MAX_LOSSLESS_JSON_CHARS);
  try {
    return fromLossless(parseLossless(text));
  } catch {
    return JSON5.parse(text);
  }
}

function fromLossless(value: unknown): unknown {
  if (isLosslessNumber(value)) return new NumberText((value as { value: string }).value);
  if (Array.isArray(value)) return value.map(fromLossless);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromLossless(v)]));
  }
  return value;
}

/** Replaces NumberText leaves by JS numbers (for values kept whole, e.g. object parameters). */
export function plainNumbers(value: unknown): unknown {
  if (value instanceof NumberText) return Number(value.text);
  if (Array.isArray(value)) return value.map(plainNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainNumbers(v)]));
  }
  return value;
}

/** Types a leaf parsed by parsePythonJsonKeepingNumbers, keeping the number's text as `raw`. */
export function paramFromJsonLeaf(value: unknown): ParamValue {
  if (value instanceof NumberText) {
    const text = value.text;
    if (/^-?\d+$/.test(text)) {
      const n = Number(text);
      return { type: 'integer', value: Number.isSafeInteger(n) ? n : BigInt(text), raw: text };
    }
    return { type: 'float', value: Number(text), raw: text };
  }
  if (value !== null && typeof value === 'object') {
    const plain = plainNumbers(value);
    return paramFromValue(plain, JSON.stringify(plain));
  }
  // NaN and ±Infinity have no JSON text; String() gives them a readable raw form.
  if (typeof value === 'number') return paramFromValue(value, String(value));
  return paramFromValue(value);
}

/**
 * Flattens nested maps into dotted keys. A map that `keepWhole` accepts (e.g. a jsonpickle object),
 * an empty map and a list stay one parameter each.
 */
export function flattenParams(
  value: Record<string, unknown>,
  keepWhole: (v: Record<string, unknown>) => boolean = () => false,
  prefix = '',
  out: Record<string, ParamValue> = {},
): Record<string, ParamValue> {
  for (const [key, child] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainMap(child) && Object.keys(child).length > 0 && !keepWhole(child)) {
      flattenParams(child, keepWhole, name, out);
    } else {
      out[name] = paramFromJsonLeaf(child);
    }
  }
  return out;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof NumberText);
}
