import type { Command } from 'commander';
import { mappingCoverage } from '../../mapping/coverage.js';
import { lintMappings } from '../../mapping/lint.js';
import { withArchive, type ArchiveOptions } from '../archive.js';
import { EXIT } from '../exit-codes.js';
import { renderResult, FORMATS, type Format } from '../render.js';
import { formatIssue } from './import.js';
import { DataFactory } from 'n3';

export function registerMappings(program: Command): void {
  const mappings = program.command('mappings').description('check the mapping files and what they cover');
  mappings
    .command('lint')
    .description('schema errors, conflicting aliases, unknown concepts and unverified Wikidata ids, with file and line; exit 1 on errors')
    .argument('[dir...]', 'mapping directories to check besides the shipped ones (default: --mappings)')
    .addHelpText('after', '\nExample:\n  rungraph mappings lint ./my-mappings')
    .action((dirs: string[], _options: object, command: Command) => {
      const global = command.optsWithGlobals<ArchiveOptions>();
      const issues = lintMappings(dirs.length > 0 ? dirs : (global.mappings ?? []));
      for (const issue of issues) process.stdout.write(`${formatIssue(issue)}\n`);
      const errors = issues.filter((i) => i.severity === 'error').length;
      process.stdout.write(`${errors} errors, ${issues.length - errors} warnings\n`);
      if (errors > 0) process.exitCode = EXIT.failure;
    });
  mappings
    .command('coverage')
    .description('native hyperparameters and metric keys in the archive that no mapping covers, with run counts')
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .addHelpText('after', '\nExample:\n  rungraph mappings coverage --format md')
    .action(async (options: { format: string }, command: Command) => {
      if (!FORMATS.includes(options.format as Format)) throw new TypeError(`unknown format "${options.format}"; use ${FORMATS.join(', ')}`);
      const coverage = await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, mappingCoverage);
      const { literal } = DataFactory;
      const rows = [
        ...coverage.hyperparameters.map((h) => ['hyperparameter', h.key, h.implementation ?? '', h.runs]),
        ...coverage.metrics.map((m) => ['metric', m.key, '', m.runs]),
      ].map(([kind, key, implementation, runs]) => new Map([['kind', literal(String(kind))], ['key', literal(String(key))], ['implementation', literal(String(implementation))], ['runs', literal(String(runs))]]));
      process.stdout.write(`${renderResult({ type: 'bindings', variables: ['kind', 'key', 'implementation', 'runs'], rows }, options.format as Format)}\n`);
    });
}
