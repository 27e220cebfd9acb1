import type { Command } from 'commander';
import { importSource } from '../../import/import-source.js';
import { packagePath } from '../../package-root.js';
import { loadCatalogue } from '../../query/named-query.js';
import { runNamedQuery } from '../../query/run-query.js';
import { archiveLocation, mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';
import { renderResult } from '../render.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('import the shipped example runs (scikit-learn and LightGBM on credit-g, five seeds each) and compare them')
    .addHelpText('after', '\nExample:\n  rungraph --archive /tmp/demo-archive demo')
    .action(async (_options: object, command: Command) => {
      const global = command.optsWithGlobals<ArchiveOptions>();
      const examples = packagePath('examples', 'demo-runs.jsonl');
      const mappings = mappingsFor(global);
      const table = await withArchive(global, { readOnly: false }, async (store) => {
        const summary = await importSource(store, examples, { tracker: 'json', mappings });
        const total = summary.added + summary.updated + summary.unchanged;
        process.stdout.write(`${total} example runs in ${archiveLocation(global)} (${summary.added} new, ${summary.updated} updated, ${summary.unchanged} unchanged)\n\n`);
        const compare = loadCatalogue().get('compare-algorithms')!;
        return renderResult(await runNamedQuery(store, compare, { measure: 'rgm:Accuracy', split: 'cr:TestSplit', dataset: 'credit-g' }), 'table');
      });
      process.stdout.write(`Test accuracy per algorithm on credit-g, across libraries:\n\n${table}\n\n`);
      process.stdout.write('Next: rungraph query list-runs · rungraph query run-details --param run=demo-rf-0 · rungraph export --format turtle\n');
    });
}
