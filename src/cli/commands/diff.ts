import type { Command } from 'commander';
import { loadCatalogue } from '../../query/named-query.js';
import { runNamedQuery } from '../../query/run-query.js';
import { withArchive, type ArchiveOptions } from '../archive.js';
import { FORMATS, renderResult } from '../render.js';
import { checkFormat } from '../tabular.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what changed between two runs: implementation, hyperparameters (canonical and native, defaults marked), dataset versions, code, software versions')
    .argument('<runA>', 'tracker run id or run IRI')
    .argument('<runB>', 'tracker run id or run IRI')
    .option('--all', 'list unchanged items too')
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .addHelpText('after', '\nExample:\n  rungraph diff demo-rf-0 demo-lgbm-0 --format md')
    .action(async (a: string, b: string, flags: { all?: boolean; format: string }, command: Command) => {
      const format = checkFormat(flags.format);
      const query = loadCatalogue().get('diff-runs')!;
      const result = await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, (store) =>
        runNamedQuery(store, query, { a, b, changedOnly: !flags.all }));
      process.stdout.write(`${renderResult(result, format)}\n`);
    });
}
