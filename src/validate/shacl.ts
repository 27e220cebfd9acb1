/**
 * SHACL validation of rungraph data against ontology/shapes.ttl (or other shapes). Named graphs are
 * merged into one data graph first: shapes describe resources, whichever run graph holds them.
 */
import * as fs from 'node:fs';
import { Parser, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import SHACLValidator from 'rdf-validate-shacl';
import { InputError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { NS } from '../vocab/namespaces.js';

export type ShaclSeverity = 'violation' | 'warning' | 'info';

export interface ShaclResult {
  /** IRI (or `_:label` for a blank node) of the resource that failed the shape. */
  focusNode: string;
  /** The property path's IRI; undefined for node-level constraints and complex paths. */
  path?: string;
  message: string;
  severity: ShaclSeverity;
  /** The offending value, when the constraint is about one (N-Triples-like rendering). */
  value?: string;
}

export interface ShaclReport {
  /** True when there is no violation; warnings and infos do not break conformance here. */
  conforms: boolean;
  results: ShaclResult[];
}

const SHIPPED_SHAPES = packagePath('ontology', 'shapes.ttl');
let shipped: Quad[] | undefined;

/**
 * Parses a shapes file; the shipped one (ontology/shapes.ttl, the default) is parsed once.
 * @throws InputError when the file cannot be read or is not Turtle.
 */
export function loadShapes(file = SHIPPED_SHAPES): Quad[] {
  const parse = (): Quad[] => {
    try {
      return new Parser().parse(fs.readFileSync(file, 'utf8'));
    } catch (cause) {
      const line = (cause as { context?: { line?: number } }).context?.line;
      throw new InputError(`cannot read SHACL shapes from ${file}: ${(cause as Error).message}`, { context: { file, line }, cause });
    }
  };
  return file === SHIPPED_SHAPES ? (shipped ??= parse()) : parse();
}

/** Validates the quads (every graph merged) against the shapes; never throws on invalid data. */
export async function validateGraph(quads: Iterable<Quad>, shapes: Iterable<Quad> = loadShapes()): Promise<ShaclReport> {
  return reportOf(await shapeValidator(shapes)(quads));
}

/** A validator for these shapes (parsed once), giving each data graph's results unsorted. */
export function shapeValidator(shapes: Iterable<Quad>): (quads: Iterable<Quad>) => Promise<ShaclResult[]> {
  const validator = new SHACLValidator(new Store([...shapes]));
  return async (quads) => {
    const data = new Store();
    for (const q of quads) data.addQuad(q.subject, q.predicate, q.object);
    const report = await validator.validate(data);
    return report.results.map((r): ShaclResult => {
      const result: ShaclResult = {
        focusNode: render(r.focusNode),
        message: r.message.map((m) => m.value).join('; ') || localName(r.sourceConstraintComponent),
        severity: severityOf(r.severity),
      };
      if (r.path?.termType === 'NamedNode') result.path = r.path.value;
      if (r.value) result.value = render(r.value);
      return result;
    });
  };
}

/** Violations first, then by resource, so reports read and diff the same way every time. */
export function reportOf(results: ShaclResult[]): ShaclReport {
  results.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compare(a.focusNode, b.focusNode) || compare(a.path ?? '', b.path ?? '') || compare(a.message, b.message) || compare(a.value ?? '', b.value ?? ''));
  return { conforms: results.every((r) => r.severity !== 'violation'), results };
}

const SEVERITY_ORDER: Record<ShaclSeverity, number> = { violation: 0, warning: 1, info: 2 };
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function severityOf(term: Term | null): ShaclSeverity {
  if (term?.value === `${NS.sh}Warning`) return 'warning';
  if (term?.value === `${NS.sh}Info`) return 'info';
  return 'violation';
}

function render(term: Term | null): string {
  if (!term) return '';
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType !== 'Literal') return term.value;
  if (term.language) return `${JSON.stringify(term.value)}@${term.language}`;
  return term.datatype.value === `${NS.xsd}string` ? JSON.stringify(term.value) : `${JSON.stringify(term.value)}^^<${term.datatype.value}>`;
}

const localName = (term: Term | null): string => term?.value.replace(/^.*[#/]/, '') ?? 'constraint violated';
