/**
 * What a JSON text may cost before any parser sees it. JSON.parse (and JSON5, lossless-json) builds one
 * heap object per array or object, tens of bytes each, so 16 MiB of `[[],[],…]` becomes 5.6 million
 * arrays and over half a gigabyte of heap while parsing. One pass over the text, allocating nothing,
 * counts arrays and objects; a text denser in them than any real tracker file is refused instead.
 * Numbers and strings cost at most a few times their text, so the callers' size caps bound them.
 */
import { isParseBudgetError, ParseBudgetError } from '../parse-budget-error.js';

/** Real files spend far more text per array or object (a `{"step": 0, "value": 0.5}` point: 25). */
export const MIN_CHARS_PER_CONTAINER = 16;
/** Below this many arrays and objects a text is never refused (a few MiB of heap at most). */
export const FREE_CONTAINERS = 100_000;
/**
 * Parsing that keeps each number's text (lossless-json) costs tens of bytes per number, so such texts
 * are capped: a config or params file this large is not a config.
 */
export const MAX_LOSSLESS_JSON_CHARS = 4 * 1024 * 1024;


/** Arrays and objects opened outside strings. */
export function countContainers(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) count++;
  }
  return count;
}

/** Throws a ParseBudgetError when the text is longer than `maxChars` or too dense in arrays and objects. */
export function checkJsonBudget(text: string, maxChars = Number.POSITIVE_INFINITY): void {
  if (text.length > maxChars) {
    throw new ParseBudgetError('json_too_complex', `${text.length} characters, over the ${maxChars}-character limit for JSON read this way; not parsed`);
  }
  if (text.length <= FREE_CONTAINERS) return; // cannot hold more containers than characters
  const containers = countContainers(text);
  const allowed = Math.max(FREE_CONTAINERS, Math.floor(text.length / MIN_CHARS_PER_CONTAINER));
  if (containers > allowed) {
    throw new ParseBudgetError(
      'json_too_complex',
      `${containers} arrays and objects in ${text.length} characters (at most one per ${MIN_CHARS_PER_CONTAINER} characters is read): ` +
        'parsing it would take many times its size in memory; not parsed',
    );
  }
}

/** The issue code for an error thrown while parsing JSON. */
export function jsonErrorCode(e: unknown): string {
  return isParseBudgetError(e) ? e.code : 'invalid_json';
}

/** JSON.parse after the budget check. */
export function parseJson(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown): unknown {
  checkJsonBudget(text);
  return JSON.parse(text, reviver);
}
