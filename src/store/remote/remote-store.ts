/**
 * A rungraph archive on any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB…), through sparql-http-client.
 * Queries must see the union of all named graphs as the default graph: Virtuoso does so by default; other
 * servers need a setting (docs/stores.md). Each graph is written atomically: by default one update request
 * per batch (`DROP SILENT GRAPH <g>; … INSERT DATA { GRAPH <g> {…} … }`), or a Graph Store Protocol PUT
 * per graph with `?write=gsp`.
 */
import SimpleClient from 'sparql-http-client/SimpleClient.js';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { StoreError } from '../../errors.js';
import { queryForm } from '../query-form.js';
import { resultFromJson, type SparqlJsonResults } from '../sparql-results.js';
import type { GraphContent, QueryResult, Store } from '../store.js';
import { parseRemoteUri, type RemoteConfig, type RemoteOptions } from './remote-config.js';
import { describeEndpoint, sendWithRetry, type RequestPurpose } from './remote-http.js';
import { SparqlTermWriter, iri } from './sparql-text.js';
import { canonicalQuad, canonicalResult, encodeNaN } from './server-quirks.js';

/** Queries longer than this go by POST, so no server or proxy truncates the URL. */
const MAX_GET_QUERY = 2000;
/** Graph Store PUTs in flight at once. */
const PARALLEL_PUTS = 4;
const RESULTS_JSON = 'application/sparql-results+json';
const GRAPH_ACCEPT = 'application/n-triples, text/turtle;q=0.9';

export class RemoteStore implements Store {
  readonly location: string;
  private virtuoso: Promise<boolean> | undefined;

  private constructor(private readonly config: RemoteConfig) {
    this.location = describeEndpoint(config.queryUrl);
  }

  /** Connects lazily: nothing is sent until the first request. */
  static open(uri: string, options: RemoteOptions = {}): RemoteStore {
    return new RemoteStore(parseRemoteUri(uri, options));
  }

  /** Where each kind of request goes (no credentials), for messages and diagnostics. */
  get endpoints(): { query: string; update: string; graphStore: string; write: string } {
    const c = this.config;
    return { query: describeEndpoint(c.queryUrl), update: describeEndpoint(c.updateUrl), graphStore: describeEndpoint(c.storeUrl), write: c.write };
  }

  async replaceGraphs(batch: GraphContent[]): Promise<void> {
    this.writable();
    if (batch.length === 0) return;
    const virtuoso = this.config.write === 'auto' || this.config.nan === 'auto' ? await this.serverIsVirtuoso() : false;
    if (this.config.nan === 'encoded' || (this.config.nan === 'auto' && virtuoso)) {
      batch = batch.map((g) => ({ graph: g.graph, quads: encodeNaN(g.quads) }));
    }
    if (this.config.write === 'gsp' || (this.config.write === 'auto' && virtuoso)) await this.putGraphs(batch);
    else await this.updateGraphs(batch);
  }

  async deleteGraphs(graphs: string[]): Promise<void> {
    this.writable();
    if (graphs.length === 0) return;
    await this.sendUpdate(graphs.map((g) => `DROP SILENT GRAPH ${iri(g)}`).join(' ;\n'), { action: `delete ${graphs.length} graph(s)`, idempotent: true });
  }

  async query(sparql: string): Promise<QueryResult> {
    const form = queryForm(sparql);
    const tabular = form === 'SELECT' || form === 'ASK';
    const client = this.client({ action: 'query', idempotent: true });
    const headers = { accept: tabular ? RESULTS_JSON : GRAPH_ACCEPT };
    const response: Response = sparql.length > MAX_GET_QUERY ? await client.postUrlencoded(sparql, { headers }) : await client.get(sparql, { headers });
    const body = await response.text();
    if (tabular) {
      try {
        return canonicalResult(resultFromJson(JSON.parse(body) as SparqlJsonResults));
      } catch (e) {
        throw this.badAnswer(`results that are not SPARQL JSON (${response.headers.get('content-type') ?? 'no content type'})`, e);
      }
    }
    return { type: 'quads', quads: this.parseGraph(body, response.headers.get('content-type') ?? '').map(canonicalQuad) };
  }

  async update(sparql: string): Promise<void> {
    this.writable();
    await this.sendUpdate(sparql, { action: 'update', idempotent: false });
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing to release.
  }

  /** Whether the server is Virtuoso, asked once of its `Server` header. */
  private serverIsVirtuoso(): Promise<boolean> {
    this.virtuoso ??= this.client({ action: 'query', idempotent: true })
      .get('ASK {}', { headers: { accept: RESULTS_JSON } })
      .then(async (response) => {
        await response.arrayBuffer();
        return /virtuoso/i.test(response.headers.get('server') ?? '');
      })
      .catch((e: unknown) => {
        this.virtuoso = undefined;
        throw e;
      });
    return this.virtuoso;
  }

  private writable(): void {
    if (this.config.readOnly) throw new TypeError(`archive ${this.location} was opened read-only`);
  }

  private async sendUpdate(sparql: string, purpose: RequestPurpose): Promise<void> {
    const response: Response = await this.client(purpose).postUrlencoded(sparql, { update: true, headers: { accept: '*/*' } });
    await response.arrayBuffer();
  }

  /** One update request for the whole batch, so the batch is all-or-nothing. */
  private async updateGraphs(batch: GraphContent[]): Promise<void> {
    const writer = new SparqlTermWriter();
    const drops = batch.map((g) => `DROP SILENT GRAPH ${iri(g.graph)}`);
    const inserts = batch.filter((g) => g.quads.length > 0).map((g) => `GRAPH ${iri(g.graph)} {\n${writer.triples(g.quads)}\n}`);
    // Virtuoso refuses blank nodes in INSERT DATA; a template with an empty WHERE inserts the same triples.
    const hasBlank = batch.some((g) => g.quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode'));
    const insert = hasBlank ? `INSERT {\n${inserts.join('\n')}\n} WHERE {}` : `INSERT DATA {\n${inserts.join('\n')}\n}`;
    const operations = inserts.length > 0 ? [...drops, insert] : drops;
    await this.sendUpdate(operations.join(' ;\n'), { action: `write ${batch.length} graph(s)`, idempotent: true });
  }

  /** A Graph Store PUT per graph, a few at a time; each graph is all-or-nothing, the batch is not. */
  private async putGraphs(batch: GraphContent[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < batch.length) await this.putGraph(batch[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PUTS, batch.length) }, worker));
  }

  private async putGraph(g: GraphContent): Promise<void> {
    const url = new URL(this.config.storeUrl);
    url.searchParams.set('graph', g.graph);
    const client = this.client({ action: `write graph ${g.graph}`, idempotent: true });
    const headers = new Headers(client.headers);
    headers.set('content-type', 'application/n-triples; charset=utf-8');
    const body = g.quads.length > 0 ? new SparqlTermWriter().triples(g.quads) + '\n' : '';
    const response: Response = await client.fetch(url.toString(), { method: 'PUT', headers, body });
    await response.arrayBuffer();
  }

  /** A sparql-http-client client whose fetch adds time limits, retries and rungraph errors. */
  private client(purpose: RequestPurpose): SimpleClient {
    const c = this.config;
    return new SimpleClient({
      endpointUrl: c.queryUrl,
      updateUrl: c.updateUrl,
      storeUrl: c.storeUrl,
      user: c.user,
      password: c.password,
      fetch: (url: string | URL, init: RequestInit) => sendWithRetry(url.toString(), init, c, purpose),
    });
  }

  private parseGraph(body: string, contentType: string): Quad[] {
    const format = /turtle/i.test(contentType) ? 'text/turtle' : 'application/n-triples';
    try {
      return new Parser({ format }).parse(body);
    } catch (e) {
      throw this.badAnswer(`a graph that does not parse as ${format}`, e);
    }
  }

  private badAnswer(what: string, cause: unknown): StoreError {
    return new StoreError(`the server at ${this.location} answered with ${what}`, { context: { endpoint: this.location }, cause });
  }
}

