import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadCatalogue, resolveQuery } from '../../query/named-query.js';
import { answerQuery, type ParameterValues } from '../../query/run-query.js';
import { withArchive, type ArchiveOptions } from '../archive.js';
import { FORMATS, renderResult, type Format } from '../render.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a named query from the catalogue, a .rq file, or SPARQL given with -e')
    .argument('[query]', 'catalogue name (see --list) or path to a .rq file')
    .option('-e, --expression <sparql>', 'SPARQL query text')
    .option('-p, --param <name=value>', 'bind a declared parameter (repeatable); values are bound as typed RDF terms', collect, [])
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .option('--list', 'list the named queries')
    .option('-s, --source <dir|uri|file>', 'federate: run across these archives, endpoints and RDF files instead of --archive (repeatable)', collect, [])
    .addHelpText('after', '\nExamples:\n  rungraph query --list\n  rungraph query compare-algorithms --param measure=rgm:Accuracy\n  rungraph query -e "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" --format csv\n  rungraph query list-runs --source ./team-archive --source sparql+http://127.0.0.1:7070/sparql')
    .action(async (name: string | undefined, options: { expression?: string; param: string[]; format: string; list?: boolean; source: string[] }, command: Command) => {
      if (!FORMATS.includes(options.format as Format)) throw new TypeError(`unknown format "${options.format}"; use ${FORMATS.join(', ')}`);
      if (options.list) {
        for (const q of loadCatalogue().values()) {
          const params = q.params.map((p) => `${p.name}:${p.type}${p.default !== undefined ? `=${String(p.default)}` : ''}`).join(' ');
          process.stdout.write(`${q.name.padEnd(24)} ${q.description.replace(/\s+/g, ' ')}${params ? `\n${''.padEnd(25)}params: ${params}` : ''}\n`);
        }
        return;
      }
      if (!name && !options.expression) throw new TypeError('give a query name, a .rq file, or -e SPARQL (see --list)');
      const query = options.expression
        ? { name: '-e', sparql: options.expression, params: [] }
        : resolveQuery(name!) ?? fail(name!);
      const values = parseParams(options.param);
      // Run ids are looked up where the query runs, then bound as run IRIs.
      const result =
        options.source.length > 0
          ? await answerQuery(async (sparql) => (await import('../../query/federated-query.js')).federatedQuery(options.source, sparql), query, values)
          : await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, (store) => answerQuery((sparql) => store.query(sparql), query, values, { constants: store.prefersConstants }));
      process.stdout.write(`${renderResult(result, options.format as Format)}\n`);
    });
}

function fail(name: string): never {
  throw new InputError(`no named query or .rq file "${name}"`, { context: { file: name }, hint: 'rungraph query --list shows the catalogue' });
}

export function parseParams(pairs: string[]): ParameterValues {
  const values: ParameterValues = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TypeError(`--param expects name=value, got "${pair}"`);
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}
