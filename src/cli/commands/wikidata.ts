import type { Command } from 'commander';
import { checkWikidataLinks, WIKIDATA_ENDPOINT, wikidataLinks } from '../../publish/wikidata-check.js';
import { mappingsFor, type ArchiveOptions } from '../archive.js';
import { EXIT } from '../exit-codes.js';

export function registerWikidata(program: Command): void {
  const wikidata = program.command('wikidata').description('Wikidata links of the mappings');
  wikidata
    .command('check')
    .description('confirm the label of every linked Wikidata id against a SPARQL endpoint')
    .option('--endpoint <url>', 'SPARQL endpoint', WIKIDATA_ENDPOINT)
    .option('--json', 'the results as JSON')
    .action(async (flags: { endpoint: string; json?: boolean }, command: Command) => {
      const checks = await checkWikidataLinks(wikidataLinks(mappingsFor(command.optsWithGlobals<ArchiveOptions>())), { endpoint: flags.endpoint });
      if (flags.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else {
        for (const c of checks) {
          const seen = c.labels.length ? ` (endpoint: ${c.labels.slice(0, 3).join(' | ')})` : '';
          process.stdout.write(`${c.status.padEnd(9)} wd:${c.id.padEnd(10)} ${c.expected[0] ?? ''}${c.status === 'confirmed' ? '' : seen}\n`);
        }
        const bad = checks.filter((c) => c.status !== 'confirmed').length;
        process.stdout.write(`${checks.length - bad} of ${checks.length} confirmed\n`);
      }
      if (checks.some((c) => c.status !== 'confirmed')) process.exitCode = EXIT.failure;
    });
  for (const c of [wikidata, ...wikidata.commands]) c.exitOverride();
}
