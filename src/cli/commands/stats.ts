import type { Command } from 'commander';
import { archiveStats } from '../../query/archive-stats.js';
import { withArchive, type ArchiveOptions } from '../archive.js';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count runs (by source tracker), experiments, triples, graphs and results publications report')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  rungraph stats')
    .action(async (options: { json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<ArchiveOptions>();
      const stats = await withArchive(global, { readOnly: true }, archiveStats);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return;
      }
      process.stdout.write(`runs ${stats.runs}\nexperiments ${stats.experiments}\ntriples ${stats.triples}\ngraphs ${stats.graphs}\n`);
      for (const [tracker, n] of Object.entries(stats.byTracker)) process.stdout.write(`  ${tracker} ${n} runs\n`);
      if (stats.reported > 0) process.stdout.write(`reported results ${stats.reported} (from publications; not runs)\n`);
    });
}
