import type { Command } from 'commander';
import { openStore } from '../../store/open-store.js';
import { syncArchives } from '../../store/sync-archives.js';

interface SyncFlags {
  from: string;
  to: string;
  prune?: boolean;
  batchSize: string;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description("copy an archive's graphs to another store, incrementally (embedded ⇄ SPARQL server)")
    .requiredOption('--from <dir|uri>', 'archive to copy from')
    .requiredOption('--to <dir|uri>', 'archive to copy to')
    .option('--prune', 'also delete graphs of the target that the source no longer holds')
    .option('--batch-size <n>', 'graphs written per request batch', '50')
    .addHelpText('after', '\nExamples:\n  rungraph sync --from ~/.rungraph --to sparql+http://127.0.0.1:8890/sparql\n  rungraph sync --from sparql+http://db:8890/sparql --to ./archive-copy --prune')
    .action(async (flags: SyncFlags) => {
      const batchSize = Number(flags.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`--batch-size must be a positive integer, got "${flags.batchSize}"`);
      const from = await openStore(flags.from, { readOnly: true });
      try {
        const to = await openStore(flags.to);
        try {
          const summary = await syncArchives(from, to, { prune: flags.prune ?? false, batchSize });
          process.stdout.write(`${summary.copied} graph(s) copied, ${summary.unchanged} unchanged${flags.prune ? `, ${summary.deleted} deleted` : ''} (${from.location} → ${to.location})\n`);
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });
}
