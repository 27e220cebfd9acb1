import type { Command } from 'commander';
import { remapArchive } from '../../import/remap.js';
import { mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';

export function registerRemap(program: Command): void {
  program
    .command('remap')
    .description('re-normalise the archive after the mappings changed (runs already normalised by these mappings are skipped)')
    .option('--force', 'rewrite every run, even those already normalised by the current mappings')
    .addHelpText('after', '\nExample:\n  rungraph --mappings ./my-mappings remap')
    .action(async (options: { force?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<ArchiveOptions>();
      const mappings = mappingsFor(global);
      const summary = await withArchive(global, { readOnly: false }, (store) => remapArchive(store, mappings, { force: options.force }));
      process.stdout.write(`remapped ${summary.remapped} runs to mappings ${mappings.version}; ${summary.current} already current\n`);
      if (summary.withoutRecord > 0) process.stdout.write(`${summary.withoutRecord} runs have no stored record: import their source again\n`);
    });
}
