/**
 * Named queries: plain `.rq` files in queries/ whose `#+` header lines (YAML) give the name,
 * description, parameters (with types and defaults) and tags, in the manner of grlc.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkYamlBudget } from '../yaml-budget.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packagePath } from '../package-root.js';

/**
 * `run` takes a tracker run id or a run IRI and is bound to the IRIs of the matching runs, found with one
 * index lookup before the query runs (resolveRunParameters, used by answerQuery and runNamedQuery), so per-run patterns start from the
 * run instead of scanning every run's identifier. `entity` is bound the same way but its IRI may name any
 * archived entity (a model, an evaluation), for queries that start from whatever they are given.
 */
export const PARAM_TYPES = ['iri', 'string', 'integer', 'double', 'boolean', 'dateTime', 'run', 'entity'] as const;

/** The parameter types whose tracker run id is resolved to run IRIs before the query runs. */
export const resolvesRunIds = (type: (typeof PARAM_TYPES)[number]): boolean => type === 'run' || type === 'entity';

export const QueryParameter = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  type: z.enum(PARAM_TYPES),
  description: z.string().optional(),
  /** Absent: the parameter is optional and stays unbound unless given. */
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  required: z.boolean().default(false),
});

export const QueryHeader = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: z.string().min(1),
  params: z.array(QueryParameter).default([]),
  tags: z.array(z.string()).default([]),
  /**
   * `runs`: the query reads only the graphs of its `run` parameters' runs and of the entities they
   * mention, and is answered from those graphs alone (src/query/run-graphs.ts). `archive` (the default):
   * it reads the whole archive.
   */
  scope: z.enum(['archive', 'runs']).default('archive'),
});

export type QueryParameter = z.infer<typeof QueryParameter>;
export interface NamedQuery extends z.infer<typeof QueryHeader> {
  file: string;
  sparql: string;
}

/** Parses the `#+` header of a query file. */
export function parseNamedQuery(file: string, text: string = fs.readFileSync(file, 'utf8')): NamedQuery {
  const header = text
    .split('\n')
    .filter((l) => l.startsWith('#+'))
    .map((l) => l.replace(/^#\+ ?/, ''))
    .join('\n');
  let data: unknown;
  try {
    checkYamlBudget(header);
    data = parseYaml(header);
  } catch (e) {
    throw new InputError(`${file}: invalid #+ header: ${(e as Error).message.split('\n')[0]}`, { context: { file } });
  }
  const parsed = QueryHeader.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(`${file}: #+ header ${first.path.join('.') || ''}: ${first.message}`, { context: { file, field: first.path.join('.') } });
  }
  return { ...parsed.data, file, sparql: text };
}

/** The shipped catalogue, by name. */
export function loadCatalogue(directory: string = packagePath('queries')): Map<string, NamedQuery> {
  const catalogue = new Map<string, NamedQuery>();
  for (const entry of fs.readdirSync(directory).filter((f) => f.endsWith('.rq')).sort()) {
    const query = parseNamedQuery(path.join(directory, entry));
    catalogue.set(query.name, query);
  }
  return catalogue;
}

/** A catalogue name, a path to a .rq file (header optional), or undefined when neither. */
export function resolveQuery(nameOrFile: string): NamedQuery | undefined {
  if (nameOrFile.endsWith('.rq') && fs.existsSync(nameOrFile)) {
    const text = fs.readFileSync(nameOrFile, 'utf8');
    if (text.split('\n').some((l) => l.startsWith('#+'))) return parseNamedQuery(nameOrFile, text);
    return { name: path.basename(nameOrFile, '.rq'), description: nameOrFile, params: [], tags: [], scope: 'archive', file: nameOrFile, sparql: text };
  }
  return loadCatalogue().get(nameOrFile);
}
