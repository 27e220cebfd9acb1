/**
 * Errors thrown in a worker thread, rebuilt in the thread that waits for it with the class and fields
 * a caller would have caught had the work run in its own thread.
 */
import * as errors from '../errors.js';
import { ParseBudgetError } from '../parse-budget-error.js';

/** What crosses the thread boundary of an error: its class name, message, stack and own properties
 * (a RungraphError's code, context and hint; a system error's code, errno, syscall and path). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  properties: Record<string, unknown>;
}

export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), properties: {} };
  const properties = Object.fromEntries(Object.entries(e).filter(([, value]) => canClone(value)));
  return { name: e.name, message: e.message, stack: e.stack, properties };
}

function canClone(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

type RungraphErrorClass = new (message: string, options: { context?: errors.ErrorContext; hint?: string }) => Error;
/** Every RungraphError class errors.ts exports, by name: a class added there crosses over too. */
const RUNGRAPH_ERRORS: Record<string, RungraphErrorClass> = Object.fromEntries(
  (Object.values(errors) as unknown[])
    .filter((v): v is RungraphErrorClass => typeof v === 'function' && (v === errors.RungraphError || v.prototype instanceof errors.RungraphError))
    .map((c) => [c.name, c]),
);
const PLAIN_ERRORS: Record<string, new (message: string) => Error> = { TypeError, RangeError, SyntaxError };

/** The worker's error as the class, with the fields, that callers of an in-thread import would have caught. */
export function deserializeError(s: SerializedError): Error {
  const { context, hint, code } = s.properties as { context?: errors.ErrorContext; hint?: string; code?: unknown };
  let error: Error;
  if (Object.hasOwn(RUNGRAPH_ERRORS, s.name)) error = new RUNGRAPH_ERRORS[s.name](s.message, { context, hint });
  else if (s.name === 'ParseBudgetError' && (code === 'json_too_complex' || code === 'yaml_too_complex')) error = new ParseBudgetError(code, s.message);
  else {
    error = new (Object.hasOwn(PLAIN_ERRORS, s.name) ? PLAIN_ERRORS[s.name] : Error)(s.message);
    error.name = s.name;
  }
  Object.assign(error, s.properties);
  if (s.stack) error.stack = s.stack;
  return error;
}
