/**
 * The narrow store interface. Every feature above it is SPARQL, so it runs unchanged on the embedded
 * archive and on any SPARQL 1.1 server. Queries see the union of all named graphs as the default graph.
 */
import type { Quad, Term } from '@rdfjs/types';

/** One named graph's full new content. Writing it replaces whatever the graph held before. */
export interface GraphContent {
  graph: string;
  quads: Quad[];
}

export type Bindings = Map<string, Term>;

export type QueryResult =
  | { type: 'bindings'; variables: string[]; rows: Bindings[] }
  | { type: 'quads'; quads: Quad[] }
  | { type: 'boolean'; value: boolean };

export interface Store {
  /** Where the store lives, for messages (a directory or an endpoint URL, never credentials). */
  readonly location: string;
  /**
   * Query parameters are best written into the patterns as constants for this store's engine, not only
   * bound by a VALUES row (true for Oxigraph, the embedded archive; see bindParameters).
   */
  readonly prefersConstants?: boolean;
  /**
   * A hint that only writes follow until the next query (an import): a store that keeps a queryable copy
   * in memory may stop updating it until then (the embedded archive journals the batches only).
   */
  bulkWrites?(): void;
  /** Atomically replaces each listed graph (all or nothing for the batch). */
  replaceGraphs(batch: GraphContent[]): Promise<void>;
  /** Atomically removes the listed graphs; unknown graphs are ignored. */
  deleteGraphs(graphs: string[]): Promise<void>;
  /** SELECT, ASK, CONSTRUCT or DESCRIBE over the union of all graphs. */
  query(sparql: string): Promise<QueryResult>;
  /** A SPARQL 1.1 Update. */
  update(sparql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Open read-only: no lock is taken and writes throw. */
  readOnly?: boolean;
}
