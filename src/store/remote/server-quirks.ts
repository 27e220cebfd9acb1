/**
 * Literal forms some servers need on the way in or give on the way out, so callers see the same terms
 * from every store. Virtuoso writes xsd:boolean as 1 / 0, and corrupts its quad index on storing a second
 * xsd:double NaN (7.2.5: "Insert stopped because out of seg data"), so NaN is written with our own
 * datatype there and read back as xsd:double NaN.
 */
import { DataFactory } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { QueryResult } from '../store.js';
import { rg } from '../../vocab/namespaces.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** Stand-in datatype for xsd:double NaN on servers that cannot store it. */
export const ENCODED_NAN = rg.encodedNaN.value;

const isNaNDouble = (t: Term) => t.termType === 'Literal' && t.datatype.value === `${XSD}double` && Number.isNaN(Number(t.value.trim())) && !/INF/i.test(t.value);

/** The quads with every xsd:double NaN object in the encoded form. */
export function encodeNaN(quads: Quad[]): Quad[] {
  if (!quads.some((q) => isNaNDouble(q.object))) return quads;
  return quads.map((q) =>
    isNaNDouble(q.object) ? DataFactory.quad(q.subject, q.predicate, DataFactory.literal('NaN', DataFactory.namedNode(ENCODED_NAN)), q.graph) : q,
  );
}

export function canonicalTerm<T extends Term>(t: T): T {
  if (t.termType !== 'Literal') return t;
  const datatype = t.datatype.value;
  if (datatype === ENCODED_NAN) return DataFactory.literal('NaN', DataFactory.namedNode(`${XSD}double`)) as unknown as T;
  if (datatype !== `${XSD}boolean`) return t;
  const value = t.value === '1' ? 'true' : t.value === '0' ? 'false' : t.value;
  return (value === t.value ? t : DataFactory.literal(value, t.datatype)) as T;
}

export function canonicalQuad(q: Quad): Quad {
  return DataFactory.quad(q.subject, q.predicate, canonicalTerm(q.object), q.graph);
}

export function canonicalResult(result: QueryResult): QueryResult {
  if (result.type !== 'bindings') return result;
  for (const row of result.rows) for (const [name, term] of row) row.set(name, canonicalTerm(term));
  return result;
}
