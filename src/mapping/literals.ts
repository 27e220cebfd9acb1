/**
 * Typed literals: numbers are always xsd:integer / xsd:double, never untyped strings, so SPARQL
 * comparisons (`?v > 100`) work; lists, objects and null become rdf:JSON.
 */
import { DataFactory } from 'n3';
import type { Literal } from '@rdfjs/types';
import type { ParamValue } from '../model/run-record.js';
import { rdf, xsd } from '../vocab/namespaces.js';

export function doubleLiteral(value: number): Literal {
  const lexical = Number.isNaN(value) ? 'NaN' : value === Infinity ? 'INF' : value === -Infinity ? '-INF' : String(value);
  return DataFactory.literal(lexical, xsd.double);
}

export function integerLiteral(value: number | bigint): Literal {
  return DataFactory.literal(value.toString(), xsd.integer);
}

export const booleanLiteral = (value: boolean): Literal => DataFactory.literal(String(value), xsd.boolean);
export const stringLiteral = (value: string): Literal => DataFactory.literal(value);
/** A string literal, or nothing for an absent or empty text (an optional field the record left out). */
export const textLiteral = (value: string | undefined): Literal | undefined => (value === undefined || value === '' ? undefined : stringLiteral(value));
export const dateTimeLiteral = (iso: string): Literal => DataFactory.literal(iso, xsd.dateTime);

export function jsonLiteral(value: unknown): Literal {
  return DataFactory.literal(jsonText(value) ?? 'null', rdf.JSON);
}

/** JSON text, big integers written as strings. A replacer slows JSON.stringify several times over, so
 * it is used only when the plain call meets a bigint. */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

export function paramLiteral(param: ParamValue): Literal {
  switch (param.type) {
    case 'integer':
      return integerLiteral(param.value);
    case 'float':
      return doubleLiteral(param.value);
    case 'boolean':
      return booleanLiteral(param.value);
    case 'string':
      return stringLiteral(param.value);
    default:
      return jsonLiteral(param.value);
  }
}

/** A mapping file's default as a literal of the declared type. */
export function defaultLiteral(value: unknown): Literal {
  if (typeof value === 'boolean') return booleanLiteral(value);
  if (typeof value === 'number') return Number.isInteger(value) ? integerLiteral(value) : doubleLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  return jsonLiteral(value);
}
