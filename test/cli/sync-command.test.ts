/** `rungraph sync` in a child process, between two archive directories (run through an entry that registers only sync). */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/shared.js';

const tsx = import.meta.resolve('tsx');
const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
const entry = `
import { Command } from ${JSON.stringify(import.meta.resolve('commander'))};
import { registerSync } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'src', 'cli', 'commands', 'sync.ts')).href)};
const program = new Command('rungraph');
registerSync(program);
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

const run = (args: string[]) => spawnSync(process.execPath, ['--import', tsx, ...args], { encoding: 'utf8', cwd: os.tmpdir() });

describe('rungraph sync', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-sync-cli-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies an archive into another, then finds nothing to copy', function () {
    const from = path.join(dir, 'from');
    const to = path.join(dir, 'to');
    assert.equal(run([main, '--archive', from, 'demo']).status, 0);
    const first = run(['--input-type=module', '-e', entry, '--', 'sync', '--from', from, '--to', to]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^[1-9]\d* graph\(s\) copied, 0 unchanged/);
    const second = run(['--input-type=module', '-e', entry, '--', 'sync', '--from', from, '--to', to]);
    assert.match(second.stdout, /^0 graph\(s\) copied, [1-9]\d* unchanged/);
    const stats = (archive: string) => run([main, '--archive', archive, 'stats', '--json']).stdout;
    assert.equal(stats(to), stats(from));
  });
});
