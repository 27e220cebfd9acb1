/** The command tree: one module per subcommand under commands/. */
import { Command } from 'commander';
import { packageVersion } from '../package-root.js';
type Register = (program: Command) => void;

/**
 * Every command, in the order of the help listing. Each module is imported only when its command runs:
 * together they pull in most dependencies (JSON-LD, statistics, protobuf…), whose loading was most of
 * the CLI's start-up, so a `rungraph query` answered by a warm server would wait mostly for modules it
 * never uses.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  import: async () => (await import('./commands/import.js')).registerImport,
  query: async () => (await import('./commands/query.js')).registerQuery,
  export: async () => (await import('./commands/export.js')).registerExport,
  stats: async () => (await import('./commands/stats.js')).registerStats,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  reuse: async () => (await import('./commands/reuse.js')).registerReuse,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  lineage: async () => (await import('./commands/lineage.js')).registerLineage,
  mappings: async () => (await import('./commands/mappings.js')).registerMappings,
  remap: async () => (await import('./commands/remap.js')).registerRemap,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  sync: async () => (await import('./commands/sync.js')).registerSync,
  publish: async () => (await import('./commands/publish.js')).registerPublish,
  wikidata: async () => (await import('./commands/wikidata.js')).registerWikidata,
};

/** Global options that take a value: the word after them is that value, never the command. */
const VALUE_OPTIONS = new Set(['--archive', '--mappings']);

/** The command `args` (argv after node and script) name, if any; undefined for help, version or a typo. */
export function commandNamed(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return undefined;
    if (VALUE_OPTIONS.has(arg)) {
      // `--mappings` takes several directories: up to the next option or command name.
      i++;
      if (arg === '--mappings') while (i + 1 < args.length && !args[i + 1].startsWith('-') && !Object.hasOwn(COMMANDS, args[i + 1])) i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/** The command tree for `argv`: only the named command's module is loaded; all of them for help, or when no command is recognised. */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('rungraph')
    .description('Turn the run logs of ML trackers into one queryable knowledge graph')
    .version(packageVersion)
    .option('--archive <dir|uri>', 'archive directory or sparql+http(s):// endpoint (default: $RUNGRAPH_ARCHIVE or ~/.rungraph)')
    .option('--mappings <dir...>', 'extra mapping directories that extend or override the shipped ones')
    .option('--no-server', 'read the archive in this process even when a `rungraph serve` of it is running (also RUNGRAPH_NO_SERVER=1)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`rungraph: ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run with --help for usage)');
  const named = commandNamed(argv.slice(2));
  const versionOnly = !named && argv.slice(2).some((a) => a === '--version' || a === '-V');
  const loads = named ? [COMMANDS[named]] : versionOnly ? [] : Object.values(COMMANDS);
  const registers = await Promise.all(loads.map((load) => load()));
  for (const register of registers) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
