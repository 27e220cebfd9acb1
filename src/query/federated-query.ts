/**
 * One query across several archives and endpoints, with Comunica (the embedded engine answers one archive;
 * Comunica joins across sources). A source is a SPARQL endpoint (`sparql+http(s)://…`), an archive directory,
 * or an RDF file (Turtle, TriG, N-Triples, N-Quads). Local sources are loaded into one in-memory store;
 * every source's default graph is the union of its named graphs, as in a single archive.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { QueryEngine } from '@comunica/query-sparql';
import { DataFactory, Parser, Store as N3Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { InputError, QueryError } from '../errors.js';
import { EmbeddedStore } from '../store/embedded/embedded-store.js';
import { queryForm } from '../store/query-form.js';
import { isRemoteUri } from '../store/remote/remote-config.js';
import type { Bindings, QueryResult } from '../store/store.js';

const RDF_FILES: Record<string, string> = { '.ttl': 'text/turtle', '.trig': 'application/trig', '.nt': 'application/n-triples', '.nq': 'application/n-quads' };

export interface FederatedOptions {
  /** Per-query time limit in milliseconds (default 120 s). */
  timeoutMs?: number;
}

export async function federatedQuery(sources: string[], sparql: string, options: FederatedOptions = {}): Promise<QueryResult> {
  if (sources.length === 0) throw new TypeError('give at least one --source');
  const form = queryForm(sparql);
  const comunicaSources = await resolveSources(sources);
  const engine = new QueryEngine();
  const context = { sources: comunicaSources, unionDefaultGraph: true, httpTimeout: options.timeoutMs ?? 120_000 } as never;
  try {
    if (form === 'ASK') return { type: 'boolean', value: await engine.queryBoolean(sparql, context) };
    if (form === 'CONSTRUCT' || form === 'DESCRIBE') return { type: 'quads', quads: await (await engine.queryQuads(sparql, context)).toArray() };
    const query = await engine.query(sparql, context);
    if (query.resultType !== 'bindings') throw new TypeError(`expected bindings, got ${query.resultType}`);
    // Comunica 4 gives { variable, canBeUndef } at run time where the RDF/JS types say a Variable.
    const variables = (await query.metadata()).variables.map((v) => ((v as unknown as { variable?: Term }).variable ?? v).value);
    const rows: Bindings[] = (await (await query.execute()).toArray()).map((b) => {
      const row: Bindings = new Map();
      for (const [variable, term] of b) row.set(variable.value, term as Term);
      return row;
    });
    return { type: 'bindings', variables, rows };
  } catch (e) {
    throw new QueryError(`federated query failed: ${(e as Error).message.split('\n')[0]}`, { context: { sources: sources.join(' ') }, cause: e });
  }
}

type ComunicaSource = string | { type: 'sparql'; value: string } | N3Store;

async function resolveSources(sources: string[]): Promise<ComunicaSource[]> {
  const local = new N3Store();
  const resolved: ComunicaSource[] = [];
  for (const source of sources) {
    if (isRemoteUri(source)) resolved.push({ type: 'sparql', value: source.slice('sparql+'.length) });
    else if (/^https?:\/\//i.test(source)) resolved.push(source); // Comunica finds out what it is.
    else local.addQuads(await readLocal(source));
  }
  if (local.size > 0 || resolved.length === 0) resolved.push(local);
  return resolved;
}

async function readLocal(source: string): Promise<Quad[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new InputError(`source ${source} does not exist`, { context: { file: source }, hint: 'a source is an archive directory, an RDF file, or sparql+http(s)://…' });
  }
  if (stat.isDirectory()) {
    const archive = await EmbeddedStore.open(source, { readOnly: true });
    try {
      // CONSTRUCT drops graph names, so each graph is read on its own and named again.
      const quads: Quad[] = [];
      for (const g of archive.graphNames()) {
        const result = await archive.query(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${g}> { ?s ?p ?o } }`);
        if (result.type === 'quads') for (const q of result.quads) quads.push(DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(g)));
      }
      return quads;
    } finally {
      await archive.close();
    }
  }
  const format = RDF_FILES[path.extname(source).toLowerCase()];
  if (!format) throw new InputError(`cannot tell the RDF syntax of ${source}`, { context: { file: source }, hint: `use one of ${Object.keys(RDF_FILES).join(', ')}` });
  try {
    return new Parser({ format }).parse(fs.readFileSync(source, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot parse ${source}: ${(e as Error).message}`, { context: { file: source }, cause: e });
  }
}

