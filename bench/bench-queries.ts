/**
 * The benchmark's reference queries, prepared (parameters bound) for the synthetic runs: compare-algorithms,
 * trace-parameter-effect and trace-lineage from the catalogue, and two the catalogue lacks, in bench/queries/
 * (the 5-way reuse lookup and a top-10 leaderboard). Parameters name runs that exist at every N (they come from the first 1,000 runs).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { iris } from '../src/mapping/iris.js';
import { loadCatalogue, parseNamedQuery, resolvesRunIds, type NamedQuery } from '../src/query/named-query.js';
import { prepareQuery, type ParameterValues, type ResolvedRuns } from '../src/query/run-query.js';
import { runIdOf, syntheticRun } from './synthetic-runs.js';

export interface BenchQuery {
  id: string;
  label: string;
  /** The query file (for the CLI), and the parameters as `--param name=value` pairs. */
  file: string;
  params: ParameterValues;
  /** Ready-to-run SPARQL with the parameters bound as rungraph binds them for the embedded engine (constants). */
  sparql: string;
  /** The same as rungraph sends it to a SPARQL server (VALUES rows only; see bindParameters). */
  serverSparql: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The first random forest run with a numeric max_depth: its settings and dataset exist at every N. */
function reuseTarget(): ParameterValues {
  for (let i = 0; i < 1000; i++) {
    const run = syntheticRun(i);
    if (run.implementation === 'sklearn.ensemble.RandomForestClassifier' && run.params.max_depth !== 'None') {
      return { implementation: run.implementation, members: Number(run.params.n_estimators), depth: Number(run.params.max_depth), digest: run.dataset.digest };
    }
  }
  throw new Error('no random forest run with a numeric max_depth among the first 1,000 synthetic runs');
}

export function benchQueries(): BenchQuery[] {
  const catalogue = loadCatalogue();
  const shipped = (name: string) => {
    const q = catalogue.get(name);
    if (!q) throw new Error(`the catalogue has no ${name} query`);
    return q;
  };
  const local = (name: string) => parseNamedQuery(path.join(here, 'queries', `${name}.rq`));
  const specs: { id: string; label: string; query: ReturnType<typeof local>; params: ParameterValues }[] = [
    { id: 'compare-algorithms', label: 'compare algorithms', query: shipped('compare-algorithms'), params: {} },
    { id: 'find-reuse', label: 'reuse lookup (5-way join)', query: local('find-reuse'), params: reuseTarget() },
    { id: 'top-runs', label: 'top-10 leaderboard', query: local('top-runs'), params: {} },
    { id: 'trace-parameter-effect', label: 'parameter-effect curve', query: shipped('trace-parameter-effect'), params: { algorithm: 'rga:RandomForest' } },
    // Run 15 is a child in the second sweep: it has a parent, a dataset, code and an implementation.
    { id: 'trace-lineage', label: 'lineage of one run', query: shipped('trace-lineage'), params: { target: runIdOf(15) } },
  ];
  return specs.map((s) => ({
    id: s.id,
    label: s.label,
    file: s.query.file,
    params: s.params,
    sparql: prepareQuery(s.query, s.params, runsOf(s.query, s.params), { constants: true }),
    serverSparql: prepareQuery(s.query, s.params, runsOf(s.query, s.params)),
  }));
}

/**
 * The runs a run id names, as resolveRunParameters would find them, without an archive at hand (the SPARQL
 * also runs on the baseline engines): the synthetic runs are imported as MLflow or JSON Lines, so both IRIs.
 */
function runsOf(query: NamedQuery, params: ParameterValues): ResolvedRuns {
  const runs: ResolvedRuns = new Map();
  for (const p of query.params) {
    const id = params[p.name];
    if (resolvesRunIds(p.type) && id !== undefined) runs.set(p.name, ['mlflow', 'json'].map((tracker) => iris.run(tracker, String(id))));
  }
  return runs;
}
