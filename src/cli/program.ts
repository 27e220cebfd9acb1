/** The command tree: one module per subcommand under commands/. */
import { Command } from 'commander';
import { packageVersion } from '../package-root.js';
import { registerCompare } from './commands/compare.js';
import { registerDemo } from './commands/demo.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerPublish } from './commands/publish.js';
import { registerLineage } from './commands/lineage.js';
import { registerMappings } from './commands/mappings.js';
import { registerRemap } from './commands/remap.js';
import { registerServe } from './commands/serve.js';
import { registerQuery } from './commands/query.js';
import { registerReuse } from './commands/reuse.js';
import { registerStats } from './commands/stats.js';
import { registerSync } from './commands/sync.js';
import { registerValidate } from './commands/validate.js';
import { registerWikidata } from './commands/wikidata.js';

export function buildProgram(): Command {
  const program = new Command('rungraph')
    .description('Turn the run logs of ML trackers into one queryable knowledge graph')
    .version(packageVersion)
    .option('--archive <dir|uri>', 'archive directory or sparql+http(s):// endpoint (default: $RUNGRAPH_ARCHIVE or ~/.rungraph)')
    .option('--mappings <dir...>', 'extra mapping directories that extend or override the shipped ones')
    .option('--no-server', 'read the archive in this process even when a `rungraph serve` of it is running (also RUNGRAPH_NO_SERVER=1)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`rungraph: ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of [registerImport, registerQuery, registerExport, registerStats, registerValidate, registerDemo, registerCompare, registerReuse, registerDiff, registerLineage,
    registerMappings, registerRemap, registerServe, registerSync, registerPublish, registerWikidata]) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
