import type { Command } from 'commander';
import { loadCatalogue } from '../../query/named-query.js';
import { runNamedQuery } from '../../query/run-query.js';
import { withArchive, type ArchiveOptions } from '../archive.js';
import { FORMATS, renderResult } from '../render.js';
import { checkFormat } from '../tabular.js';

export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description('the data and code a run, model or evaluation depends on, through parent runs: dataset digests, commits, upstream models')
    .argument('<target>', 'tracker run id, or the IRI of a run, model or evaluation')
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .addHelpText('after', '\nExample:\n  rungraph lineage 7f3c2a9e --format json')
    .action(async (target: string, flags: { format: string }, command: Command) => {
      const format = checkFormat(flags.format);
      const query = loadCatalogue().get('trace-lineage')!;
      const result = await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, (store) => runNamedQuery(store, query, { target }));
      process.stdout.write(`${renderResult(result, format)}\n`);
    });
}
