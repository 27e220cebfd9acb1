/**
 * `rungraph serve` in a real child process: it announces its URL, a second rungraph uses the served archive
 * as its `--archive`, and SIGTERM stops it cleanly. (Run through a small entry that registers only serve.)
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rungraph, servedUrl } from '../support/rungraph-cli.js';
import { repoRoot } from '../support/shared.js';

const tsx = import.meta.resolve('tsx');
const serveModule = pathToFileURL(path.join(repoRoot, 'src', 'cli', 'commands', 'serve.ts')).href;
const entry = `
import { Command } from ${JSON.stringify(import.meta.resolve('commander'))};
import { registerServe } from ${JSON.stringify(serveModule)};
const program = new Command('rungraph').option('--archive <dir|uri>');
registerServe(program);
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', entry, '--', ...args], { cwd: os.tmpdir() });
  return { child, url: await servedUrl(child) };
}

describe('rungraph serve', function () {
  this.timeout(120_000);
  let dir: string;
  let archive: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-serve-cli-'));
    archive = path.join(dir, 'archive');
    assert.equal(rungraph(['--archive', archive, 'demo']).status, 0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the archive read-only on 127.0.0.1, to another rungraph using it as --archive', async function () {
    const { child, url } = await startServe(['--archive', archive, 'serve', '--port', '0']);
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
      const direct = rungraph(['--archive', archive, 'query', 'list-runs', '--format', 'csv']);
      const served = rungraph(['--archive', `sparql+${url}`, 'query', 'list-runs', '--format', 'csv']);
      assert.equal(served.status, 0, served.stderr);
      assert.equal(served.stdout, direct.stdout);
      assert.equal(served.stdout.trim().split('\n').length, 11, 'a header and the ten demo runs');
      const refused = await fetch(url, { method: 'POST', body: new URLSearchParams({ update: 'CLEAR ALL' }) });
      assert.equal(refused.status, 403);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
  });

  it('rejects a bad port as a usage error', function () {
    const result = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', entry, '--', '--archive', archive, 'serve', '--port', 'eighty'], { encoding: 'utf8', cwd: os.tmpdir() });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /--port must be a non-negative integer, got "eighty"/);
  });
});
