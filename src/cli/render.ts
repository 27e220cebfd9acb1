/**
 * Renders query results as a table, CSV, TSV, Markdown or SPARQL 1.1 Query Results JSON.
 */
import type { Term } from '@rdfjs/types';
import { bindingsToJson } from '../store/sparql-results.js';
import type { QueryResult } from '../store/store.js';
import { NS } from '../vocab/namespaces.js';

export const FORMATS = ['table', 'csv', 'tsv', 'json', 'md'] as const;
export type Format = (typeof FORMATS)[number];

/** Short, readable cell text: prefixed names for known namespaces, plain literal values. */
export function displayTerm(term: Term | undefined, compact: boolean): string {
  if (!term) return '';
  if (term.termType === 'NamedNode') {
    if (!compact) return term.value;
    for (const [prefix, base] of Object.entries(NS)) {
      if (prefix !== 'id' && term.value.startsWith(base) && term.value.length > base.length) return `${prefix}:${term.value.slice(base.length)}`;
    }
    return term.value.startsWith(NS.id) ? `<${term.value.slice(NS.id.length)}>` : term.value;
  }
  if (term.termType === 'Literal' && compact && /#(double|decimal|float)$/.test(term.datatype.value)) {
    const n = Number(term.value);
    if (Number.isFinite(n) && !Number.isInteger(n)) return String(Number(n.toPrecision(6)));
  }
  return term.value;
}

export function renderResult(result: QueryResult, format: Format): string {
  if (result.type === 'boolean') return format === 'json' ? JSON.stringify({ head: {}, boolean: result.value }) : String(result.value);
  if (result.type === 'quads') throw new TypeError('CONSTRUCT results are rendered with `rungraph export` formats');
  const { variables, rows } = result;
  if (format === 'json') return JSON.stringify(bindingsToJson(variables, rows), null, 2);
  const compact = format === 'table' || format === 'md';
  const cells = rows.map((r) => variables.map((v) => displayTerm(r.get(v), compact)));
  switch (format) {
    case 'csv':
      return [variables, ...cells].map((line) => line.map(csvCell).join(',')).join('\n');
    case 'tsv':
      return [variables.map((v) => `?${v}`), ...cells].map((line) => line.map((c) => c.replace(/[\t\n\r]/g, ' ')).join('\t')).join('\n');
    case 'md':
      return [`| ${variables.join(' | ')} |`, `|${variables.map(() => ' --- ').join('|')}|`, ...cells.map((l) => `| ${l.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`)].join('\n');
    default:
      return table(variables, cells);
  }
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function table(header: string[], rows: string[][]): string {
  const flat = rows.map((r) => r.map((c) => c.replace(/\n/g, ' ')));
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...flat.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...flat.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}
