import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { archiveText, EXPORT_FORMATS, type ExportFormat } from '../../export/export-archive.js';
import { withArchive, type ArchiveOptions } from '../archive.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the archive (or one run\'s graph) as RDF')
    .option('-f, --format <format>', `one of ${EXPORT_FORMATS.join('|')}`, 'nquads')
    .option('-g, --graph <iri>', 'only this named graph (a run\'s IRI)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExamples:\n  rungraph export --format trig --out archive.trig\n  rungraph export --format jsonld')
    .action(async (options: { format: string; graph?: string; out?: string }, command: Command) => {
      if (!EXPORT_FORMATS.includes(options.format as ExportFormat)) throw new TypeError(`unknown format "${options.format}"; use ${EXPORT_FORMATS.join(', ')}`);
      // Written as it is read; a file appears under its name only once complete.
      const temporary = options.out ? `${options.out}.partial` : undefined;
      await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, (store) =>
        pipeline(Readable.from(archiveText(store, options.format as ExportFormat, { graph: options.graph })), temporary ? fs.createWriteStream(temporary) : process.stdout),
      );
      if (temporary) fs.renameSync(temporary, options.out!);
    });
}
