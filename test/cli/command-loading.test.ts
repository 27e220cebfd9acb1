import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProgram, commandNamed } from '../../src/cli/program.js';
import { rungraph } from '../support/rungraph-cli.js';
import { repoRoot } from '../support/shared.js';

describe('loading only the command that runs', () => {
  it('finds the command after global options and their values', () => {
    assert.equal(commandNamed(['query', 'list-runs']), 'query');
    assert.equal(commandNamed(['--archive', 'stats', 'query', 'list-runs']), 'query', 'an archive directory named like a command is the option value');
    assert.equal(commandNamed(['--no-server', '--mappings', 'extra', 'more', '--archive', 'a', 'diff', 'r1', 'r2']), 'diff');
    assert.equal(commandNamed(['--mappings', 'extra', 'lineage', 'run-1']), 'lineage');
  });

  it('names no command for help, version, a typo or nothing, so that every command is loaded', () => {
    for (const args of [[], ['--help'], ['--version'], ['help', 'query'], ['qurey'], ['--', 'query']]) assert.equal(commandNamed(args), undefined, args.join(' '));
  });

  it('registers only the named command, and every command for help', async () => {
    const modules = fs.readdirSync(path.join(repoRoot, 'src', 'cli', 'commands')).map((f) => f.replace(/\.ts$/, ''));
    const all = await buildProgram(['node', 'rungraph', '--help']);
    assert.deepEqual(all.commands.map((c) => c.name()).sort(), [...modules].sort());
    for (const name of modules) {
      const program = await buildProgram(['node', 'rungraph', '--archive', 'somewhere', name, '--help']);
      assert.deepEqual(program.commands.map((c) => c.name()), [name]);
    }
  });

  it('loads no command to print the version', async () => {
    assert.deepEqual((await buildProgram(['node', 'rungraph', '--version'])).commands, []);
    const version = rungraph(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('prints the help of the whole program from the real CLI', () => {
    const help = rungraph(['--help']);
    assert.equal(help.status, 0, help.stderr);
    for (const name of ['import', 'query', 'publish', 'wikidata']) assert.match(help.stdout, new RegExp(`^\\s+${name}\\b`, 'm'));
  });
});
