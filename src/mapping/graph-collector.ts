/**
 * Where a mapper's quads go: the own nodes of a run (or reported result) in its graph, named by its IRI,
 * and each shared entity it mentions in a graph of its own (decision 0004). Each triple is kept once.
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import { mls } from '../vocab/namespaces.js';
import type { GraphContent } from '../store/store.js';

export interface MappedRun {
  /** The run's own named graph (its IRI). */
  graph: string;
  /** Every quad emitted, in all graphs. */
  quads: Quad[];
  /**
   * The run's graph plus one graph per shared entity it mentions (implementation, hyperparameter,
   * dataset, code version, software, experiment, agent). A shared entity's graph holds only what
   * its identity determines, so every run mentioning it writes the same content, and no triple is
   * stored twice in the union of graphs (duplicates would skew COUNT and AVG).
   */
  graphs: GraphContent[];
}

/** Adds a triple; an undefined object (an absent optional value) adds nothing. */
export type Add = (s: NamedNode, p: NamedNode, o: Quad_Object | undefined) => void;

export function collectGraphs(own: NamedNode): { add: Add; mapped: () => MappedRun } {
  const byGraph = new Map<string, Quad[]>([[own.value, []]]);
  // Objects already emitted per subject and predicate. Software is described both from the mapping and
  // from the environment: each triple is emitted once. Keyed without the object, so a long literal (a
  // metric's series) is compared only against objects of its own subject and predicate, not copied into
  // a key.
  const emitted = new Map<string, Map<string, Quad_Object[]>>();
  const ownPrefix = `${own.value}/`;
  const add: Add = (s, p, o) => {
    if (o === undefined) return;
    let bySubject = emitted.get(s.value);
    if (!bySubject) emitted.set(s.value, (bySubject = new Map()));
    const objects = bySubject.get(p.value);
    if (objects?.some((seen) => seen.equals(o))) return;
    if (objects) objects.push(o);
    else bySubject.set(p.value, [o]);
    const graph = homeGraph(own.value, ownPrefix, s, p, o);
    let list = byGraph.get(graph);
    if (!list) byGraph.set(graph, (list = []));
    list.push(DataFactory.quad(s, p, o));
  };
  const mapped = (): MappedRun => {
    const graphs = [...byGraph].map(([graph, quads]) => ({ graph, quads }));
    return { graph: own.value, quads: graphs.flatMap((g) => g.quads), graphs };
  };
  return { add, mapped };
}

function homeGraph(own: string, ownPrefix: string, s: NamedNode, p: NamedNode, o: Quad_Object): string {
  if (s.value === own || s.value.startsWith(ownPrefix) || o.value === own) return own;
  if ((p.equals(mls.hasHyperParameter) || p.equals(mls.hasPart)) && o.termType === 'NamedNode') return o.value;
  return s.value.replace(/\/checksum$/, '');
}
