/**
 * RDF terms written as SPARQL Update text (INSERT DATA). Characters outside the few a SPARQL string must
 * escape are written raw (UTF-8): `\u` escapes are avoided because servers differ in whether they expand
 * them before parsing, which would corrupt literals such as Windows paths (`C:\users`).
 */
import type { Quad, Term } from '@rdfjs/types';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
// Control characters are exactly what an IRI must not hold.
// eslint-disable-next-line no-control-regex
const IRI_FORBIDDEN = /[\u0000-\u0020<>"{}|^`\\]/;
const LANGUAGE = /^[a-zA-Z]+(-[a-zA-Z0-9]+)*$/;
const STRING_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' };

/** Serialises terms of one request; blank nodes get request-local labels so any RDF/JS label is safe. */
export class SparqlTermWriter {
  private readonly blankLabels = new Map<string, string>();

  term(t: Term): string {
    switch (t.termType) {
      case 'NamedNode':
        return iri(t.value);
      case 'BlankNode': {
        let label = this.blankLabels.get(t.value);
        if (!label) this.blankLabels.set(t.value, (label = `_:b${this.blankLabels.size}`));
        return label;
      }
      case 'Literal': {
        const text = `"${t.value.replace(/[\\"\n\r]/g, (c) => STRING_ESCAPES[c])}"`;
        if (t.language) {
          if (!LANGUAGE.test(t.language)) throw new TypeError(`invalid language tag: ${t.language}`);
          return `${text}@${t.language}`;
        }
        return t.datatype.value === XSD_STRING ? text : `${text}^^${iri(t.datatype.value)}`;
      }
      default:
        throw new TypeError(`cannot write a ${t.termType} term in SPARQL data`);
    }
  }

  /** One `s p o .` line per quad, graph ignored. */
  triples(quads: Quad[]): string {
    return quads.map((q) => `${this.term(q.subject)} ${this.term(q.predicate)} ${this.term(q.object)} .`).join('\n');
  }
}

export function iri(value: string): string {
  if (IRI_FORBIDDEN.test(value)) throw new TypeError(`not a valid IRI (has a space, control or reserved character): ${value}`);
  return `<${value}>`;
}
