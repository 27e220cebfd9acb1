/** Plain rows (strings and numbers) as a bindings result, so commands reuse the query renderers. */
import { DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import type { QueryResult } from '../store/store.js';
import { xsd } from '../vocab/namespaces.js';
import { FORMATS, type Format } from './render.js';

export type Cell = string | number | boolean | undefined;

export function tabularResult(variables: string[], rows: Record<string, Cell>[]): QueryResult {
  const term = (cell: Cell): Term | undefined => {
    if (cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) return undefined;
    if (typeof cell === 'number') return DataFactory.literal(String(cell), Number.isInteger(cell) ? xsd.integer : xsd.double);
    if (typeof cell === 'boolean') return DataFactory.literal(String(cell), xsd.boolean);
    return /^https?:\/\//.test(cell) ? DataFactory.namedNode(cell) : DataFactory.literal(cell);
  };
  return {
    type: 'bindings',
    variables,
    rows: rows.map((r) => new Map(variables.flatMap((v) => {
      const t = term(r[v]);
      return t ? [[v, t] as [string, Term]] : [];
    }))),
  };
}

export function checkFormat(format: string): Format {
  if (!FORMATS.includes(format as Format)) throw new TypeError(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  return format as Format;
}
