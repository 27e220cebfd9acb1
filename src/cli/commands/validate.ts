import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { withArchive, type ArchiveOptions } from '../archive.js';
import { EXIT } from '../exit-codes.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the archive against the SHACL shapes in ontology/shapes.ttl; exits 1 on violations')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExample:\n  rungraph validate')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Loaded on demand: the SHACL engine is only needed by this command.
      const { validateArchive } = await import('../../validate/validate-archive.js');
      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'validating {value}/{total} graphs', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(0, 0);
      const report = await withArchive(command.optsWithGlobals<ArchiveOptions>(), { readOnly: true }, (store) =>
        validateArchive(store, {
          onProgress: (done, total) => {
            bar?.setTotal(total);
            bar?.update(done);
          },
        }),
      ).finally(() => bar?.stop());
      const violations = report.results.filter((r) => r.severity === 'violation');
      if (options.json) process.stdout.write(`${JSON.stringify({ conforms: report.conforms, results: report.results }, null, 2)}\n`);
      else {
        for (const r of report.results.slice(0, 50)) process.stdout.write(`${r.severity}: ${r.focusNode} ${r.path ?? ''}: ${r.message}\n`);
        if (report.results.length > 50) process.stdout.write(`… and ${report.results.length - 50} more\n`);
        process.stdout.write(`${report.triples} triples checked: ${violations.length} violations, ${report.results.length - violations.length} warnings\n`);
      }
      if (violations.length > 0) process.exitCode = EXIT.failure;
    });
}
