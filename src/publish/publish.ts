/**
 * `rungraph publish`: selected runs as Linked Data (JSON-LD compacted with ontology/context.jsonld,
 * Turtle, or an RO-Crate), instance IRIs rebased, sensitive values withheld, with an index.html.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import canonicalize from 'canonicalize';
import jsonld from 'jsonld';
import { DataFactory, Writer } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { MappingSet } from '../mapping/mapping-set.js';
import { packagePath } from '../package-root.js';
import type { Store } from '../store/store.js';
import { NS, rdf, xsd } from '../vocab/namespaces.js';
import { collectPublication } from './collect-publication.js';
import { renderIndexHtml } from './index-html.js';
import { redactQuads, type Finding } from './redact.js';
import { DEFAULT_RULES, type RedactionRules } from './redaction-rules.js';
import { buildRoCrate } from './ro-crate.js';
import { selectRuns, type Selection } from './select-runs.js';
import { detectValue } from './sensitive-values.js';
import { summarizeRuns } from './summarize.js';

export const PUBLISH_FORMATS = ['jsonld', 'turtle', 'ro-crate'] as const;
export type PublishFormat = (typeof PUBLISH_FORMATS)[number];

export interface PublishOptions {
  selection: Selection;
  format: PublishFormat;
  /** Base for instance IRIs (default: the archive's own, https://w3id.org/rungraph/id/). */
  base?: string;
  rules?: RedactionRules;
  mappings?: MappingSet;
  /** Publication time (tests freeze it). */
  now?: Date;
  title?: string;
  /** License of the publication (an IRI such as https://spdx.org/licenses/CC-BY-4.0); RO-Crate roots should have one. */
  license?: string;
}

export interface Publication {
  runs: string[];
  /** The published graph (default graph): redacted, rebased. */
  quads: Quad[];
  findings: Finding[];
  /** File name → content. */
  files: Map<string, string>;
}

const FILE_NAMES: Record<PublishFormat, string> = { jsonld: 'publication.jsonld', turtle: 'publication.ttl', 'ro-crate': 'ro-crate-metadata.json' };

/** Selects and filters without serialising: what --dry-run reports. */
export async function preparePublication(store: Store, options: Omit<PublishOptions, 'format'>): Promise<{ runs: string[]; quads: Quad[]; findings: Finding[] }> {
  const base = normaliseBase(options.base);
  const runs = await selectRuns(store, options.selection);
  const collected = await collectPublication(store, runs, options.mappings);
  const { quads, findings, renamed } = redactQuads(collected, options.rules ?? DEFAULT_RULES);
  const rebase = (iri: string): string => (iri.startsWith(NS.id) ? base + iri.slice(NS.id.length) : iri);
  return {
    runs: runs.map((r) => rebase(renamed.get(r.value) ?? r.value)),
    quads: quads.map((q) => rebaseQuad(canonicalLiteral(q), base)),
    findings: findings.map((f) => ({ ...f, node: rebase(f.node) })),
  };
}

export async function buildPublication(store: Store, options: PublishOptions): Promise<Publication> {
  if (options.license !== undefined && !/^https?:\/\/[^\s<>"{}|^`\\]+$/.test(options.license)) throw new TypeError(`--license must be an http(s) IRI, got ${JSON.stringify(options.license)}`);
  const prepared = await preparePublication(store, options);
  const now = options.now ?? new Date();
  // The selection is user text too: an experiment named after a home folder must not title the page.
  const proposed = options.title ?? describe(options.selection);
  const title = detectValue(proposed).length > 0 ? 'Published runs' : proposed;
  const files = new Map<string, string>();
  const summaries = summarizeRuns(prepared.quads);
  const main = FILE_NAMES[options.format];
  switch (options.format) {
    case 'turtle':
      files.set(main, await toTurtle(prepared.quads, normaliseBase(options.base)));
      break;
    case 'jsonld':
      files.set(main, `${JSON.stringify(await toJsonLd(prepared.quads), null, 2)}\n`);
      break;
    case 'ro-crate':
      files.set(main, `${JSON.stringify(buildRoCrate(summaries, { title, datePublished: now.toISOString(), license: options.license }), null, 2)}\n`);
      break;
  }
  files.set('index.html', renderIndexHtml(summaries, { title, generated: now.toISOString(), dataFile: main }));
  return { ...prepared, files };
}

export function writePublication(directory: string, publication: Publication): string[] {
  fs.mkdirSync(directory, { recursive: true });
  return [...publication.files].map(([name, content]) => {
    const file = path.join(directory, name);
    fs.writeFileSync(file, content);
    return file;
  });
}

export function loadContext(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(packagePath('ontology', 'context.jsonld'), 'utf8')) as { '@context': Record<string, unknown> })['@context'];
}

export async function toJsonLd(quads: Quad[]): Promise<Record<string, unknown>> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return (await jsonld.compact(expanded, publicationContext() as jsonld.ContextDefinition)) as Record<string, unknown>;
}

/**
 * ontology/context.jsonld without "@type": "@json" coercions: jsonld.js compacts an array-valued JSON
 * literal under such a term into separate values (a series [[0,…],[1,…]] came back flattened), so
 * JSON literals are written in full form ({"@value": …, "@type": "@json"}) instead.
 */
function publicationContext(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(loadContext()).map(([term, definition]) => {
      if (definition === null || typeof definition !== 'object' || (definition as Record<string, unknown>)['@type'] !== '@json') return [term, definition];
      const { '@type': _json, ...rest } = definition as Record<string, unknown>;
      return [term, rest];
    }),
  );
}

function toTurtle(quads: Quad[], base: string): Promise<string> {
  const prefixes: Record<string, string> = Object.fromEntries(Object.entries(NS).filter(([p]) => p !== 'id'));
  prefixes.run = `${base}run/`;
  const writer = new Writer({ format: 'Turtle', prefixes });
  // Grouped by subject, so each resource reads as one block.
  writer.addQuads([...quads].sort((a, b) => (a.subject.value < b.subject.value ? -1 : a.subject.value > b.subject.value ? 1 : 0)));
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

/** An absolute http(s) IRI ending in "/" (or "#"); anything else is a usage error. */
export function normaliseBase(base: string | undefined): string {
  if (base === undefined) return NS.id;
  if (!/^https?:\/\/[^\s<>"{}|^`\\/]+(\/[^\s<>"{}|^`\\]*)?$/.test(base)) throw new TypeError(`--base must be an absolute http(s) IRI, got ${JSON.stringify(base)}`);
  return /[/#]$/.test(base) ? base : `${base}/`;
}

function rebaseQuad(q: Quad, base: string): Quad {
  if (base === NS.id) return q;
  const move = <T extends Term>(t: T): T => (t.termType === 'NamedNode' && t.value.startsWith(NS.id) ? (DataFactory.namedNode(base + t.value.slice(NS.id.length)) as unknown as T) : t);
  return DataFactory.quad(move(q.subject), q.predicate, move(q.object));
}

/**
 * Literals in the canonical forms JSON-LD's toRDF writes: rdf:JSON as RFC 8785 JSON, finite xsd:double
 * as d.dddE-n. The values are unchanged; only the spelling, so the published JSON-LD expands to exactly
 * the published graph. (Non-finite doubles keep NaN/INF: jsonld.js cannot round-trip INF.)
 */
function canonicalLiteral(q: Quad): Quad {
  const o = q.object;
  if (o.termType === 'Literal' && o.datatype.equals(xsd.double) && Number.isFinite(Number(o.value)) && o.value.trim() !== '') {
    const canonical = Number(o.value).toExponential(15).replace(/(\d)0*e\+?/, '$1E');
    return DataFactory.quad(q.subject, q.predicate, DataFactory.literal(canonical, xsd.double));
  }
  if (o.termType !== 'Literal' || !o.datatype.equals(rdf.JSON)) return DataFactory.quad(q.subject, q.predicate, q.object);
  let text: string | undefined;
  try {
    text = canonicalize(JSON.parse(o.value) as unknown);
  } catch {
    text = undefined;
  }
  return DataFactory.quad(q.subject, q.predicate, text === undefined ? o : DataFactory.literal(text, rdf.JSON));
}

function describe(selection: Selection): string {
  if (selection.kind === 'experiment') return `Runs of experiment ${selection.name}`;
  if (selection.kind === 'query') return `Runs selected by query ${selection.name}`;
  return `${selection.ids.length} selected run${selection.ids.length === 1 ? '' : 's'}`;
}
