import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Issue } from '../../errors.js';
import { importSource, type ImportSummary } from '../../import/import-source.js';
import { importers } from '../../importers/registry.js';
import { mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';
import { EXIT } from '../exit-codes.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import runs from tracker logs into the archive')
    .argument('<path...>', 'tracker folders or files (mlruns/, wandb/, runs.jsonl, …)')
    .option('--tracker <id>', `read with this importer instead of detecting one (${importers.map((i) => i.id).join(', ')})`)
    .option('--batch-size <n>', 'runs per atomic write', (v) => Number.parseInt(v, 10), 200)
    .option('--prune', 'remove archived runs that this source no longer holds')
    .option('--force', 'rewrite every run, even unchanged ones')
    .option('--follow-outside-links', 'read through symbolic links that lead outside the source folder (reported either way)')
    .addHelpText('after', '\nExample:\n  rungraph import ./mlruns\n  rungraph import --tracker json runs.jsonl')
    .action(async (paths: string[], options: { tracker?: string; batchSize: number; prune?: boolean; force?: boolean; followOutsideLinks?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<ArchiveOptions>();
      const mappings = mappingsFor(global);
      const summaries = await withArchive(global, { readOnly: false }, async (store) => {
        const results: ImportSummary[] = [];
        for (const location of paths) {
          const bar = process.stderr.isTTY
            ? new cliProgress.SingleBar({ format: `importing ${location}  {value} runs`, hideCursor: true }, cliProgress.Presets.shades_classic)
            : undefined;
          bar?.start(0, 0);
          try {
            results.push(
              await importSource(store, location, {
                tracker: options.tracker, mappings, batchSize: options.batchSize, prune: options.prune, force: options.force,
                followOutsideLinks: options.followOutsideLinks,
                onProgress: (n) => bar?.update(n),
              }),
            );
          } finally {
            bar?.stop();
          }
        }
        return results;
      });
      let withIssues = false;
      for (const [i, s] of summaries.entries()) {
        process.stdout.write(
          `${paths[i]} (${s.tracker}): imported ${s.imported}, skipped ${s.skipped} with issues ` +
            `(added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, removed ${s.removed}; ${s.quads} triples written)\n`,
        );
        if (s.issues.length > 0) withIssues = true;
        for (const issue of s.issues.slice(0, 20)) process.stderr.write(`  ${formatIssue(issue)}\n`);
        if (s.issues.length > 20) process.stderr.write(`  … and ${s.issues.length - 20} more issues\n`);
      }
      if (withIssues) process.exitCode = EXIT.completedWithIssues;
    });
}

export function formatIssue(issue: Issue): string {
  const where = [issue.file && `${issue.file}${issue.line ? `:${issue.line}` : ''}`, issue.run && `run ${issue.run}`].filter(Boolean).join(' ');
  return `${issue.severity}: ${where ? `${where}: ` : ''}${issue.message}`;
}
