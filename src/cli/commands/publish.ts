import type { Command } from 'commander';
import { preparePublication, buildPublication, writePublication, PUBLISH_FORMATS, type PublishFormat } from '../../publish/publish.js';
import { quickStatements } from '../../publish/quickstatements.js';
import { DEFAULT_RULES, loadRules } from '../../publish/redaction-rules.js';
import { parseSelection } from '../../publish/select-runs.js';
import { mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';
import { parseParams } from './query.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface PublishFlags {
  select?: string;
  out?: string;
  format: string;
  base?: string;
  rules?: string;
  dryRun?: boolean;
  quickstatements?: boolean;
  referenceUrl?: string;
  json?: boolean;
  param: string[];
  license?: string;
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('publish selected runs as Linked Data (JSON-LD, Turtle or RO-Crate) with an index.html, secrets withheld')
    .requiredOption('-s, --select <selection>', 'experiment:NAME, runs:ID,ID,… (tracker ids or IRIs) or query:NAME (a named query returning ?run)')
    .option('-p, --param <name=value>', 'with query:NAME, bind a declared parameter of the query (repeatable)', collect, [])
    .option('-o, --out <dir>', 'directory to write the publication to')
    .option('-f, --format <format>', `one of ${PUBLISH_FORMATS.join('|')}`, 'jsonld')
    .option('--base <iri>', 'base IRI for the published instances (default: https://w3id.org/rungraph/id/)')
    .option('--license <iri>', 'license of the publication, e.g. https://spdx.org/licenses/CC-BY-4.0 (RO-Crate root)')
    .option('--rules <file>', 'redaction rules (YAML or JSON): allow exceptions, withhold more')
    .option('--dry-run', 'list what would be withheld and why; write nothing')
    .option('--quickstatements', 'print QuickStatements v1 lines (software uses algorithm) instead of writing files')
    .option('--reference-url <url>', 'reference URL (S854) for QuickStatements (default: the base)')
    .option('--json', 'with --dry-run: the findings as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  rungraph publish --select experiment:credit --out pub --format ro-crate --base https://example.org/credit/\n  rungraph publish --select runs:r1,r2 --dry-run\n  rungraph publish --select experiment:credit --quickstatements --reference-url https://example.org/credit/',
    )
    .action(async (flags: PublishFlags, command: Command) => {
      if (!PUBLISH_FORMATS.includes(flags.format as PublishFormat)) throw new TypeError(`unknown format "${flags.format}"; use ${PUBLISH_FORMATS.join(', ')}`);
      const globals = command.optsWithGlobals<ArchiveOptions>();
      const selection = parseSelection(flags.select!);
      if (flags.param.length > 0) {
        if (selection.kind !== 'query') throw new TypeError('--param only applies to --select query:NAME');
        selection.params = parseParams(flags.param);
      }
      const rules = flags.rules ? loadRules(flags.rules) : DEFAULT_RULES;
      const mappings = mappingsFor(globals);
      const common = { selection, base: flags.base, rules, mappings };
      if (flags.dryRun || flags.quickstatements) {
        const prepared = await withArchive(globals, { readOnly: true }, (store) => preparePublication(store, common));
        if (flags.quickstatements) {
          process.stdout.write(quickStatements(prepared.quads, { referenceUrl: flags.referenceUrl ?? flags.base, retrieved: new Date() }).join('\n') + '\n');
          return;
        }
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ runs: prepared.runs, findings: prepared.findings }, null, 2)}\n`);
          return;
        }
        const withheld = prepared.findings.filter((f) => !f.allowedBecause);
        process.stdout.write(`${prepared.runs.length} run(s) selected; ${withheld.length} item(s) would be withheld\n`);
        for (const f of prepared.findings) {
          const verdict = f.allowedBecause ? `allowed (${f.allowedBecause})` : `withheld ${f.action === 'iri' ? 'IRI segment' : f.action}`;
          process.stdout.write(`${verdict}: ${f.category} (${f.reason}) at ${f.node} ${f.field}\n`);
        }
        return;
      }
      if (!flags.out) throw new TypeError('--out DIR is required (or use --dry-run / --quickstatements)');
      const publication = await withArchive(globals, { readOnly: true }, (store) => buildPublication(store, { ...common, format: flags.format as PublishFormat, license: flags.license }));
      const files = writePublication(flags.out, publication);
      const withheld = publication.findings.filter((f) => !f.allowedBecause).length;
      process.stdout.write(`published ${publication.runs.length} run(s) to ${files.join(', ')}${withheld ? `; ${withheld} item(s) withheld (see --dry-run)` : ''}\n`);
    });
}
