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
  const emitted = new Set<string>();
  const add: Add = (s, p, o) => {
    if (o === undefined) return;
    // Software is described both from the mapping and from the environment: emit each triple once.
    const key = `${s.value}\u0000${p.value}\u0000${o.termType === 'Literal' ? `"${o.value}"^^${o.datatype.value}@${o.language}` : o.value}`;
    if (emitted.has(key)) return;
    emitted.add(key);
    const graph = homeGraph(own.value, s, p, o);
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

function homeGraph(own: string, s: NamedNode, p: NamedNode, o: Quad_Object): string {
  if (s.value === own || s.value.startsWith(`${own}/`) || o.value === own) return own;
  if ((p.equals(mls.hasHyperParameter) || p.equals(mls.hasPart)) && o.termType === 'NamedNode') return o.value;
  return s.value.replace(/\/checksum$/, '');
}
