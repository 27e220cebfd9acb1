/**
 * A warm archive with real processes: `rungraph serve` announces itself in serve.json, catches up with
 * imports, compactions and torn tails written by other processes, and later `rungraph query` runs answer
 * through it with exactly the rows they give when they load the archive themselves.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEntry } from '../../src/store/embedded/journal.js';
import { DISCOVERY_FILE, TOKEN_HEADER } from '../../src/store/serve/serve-discovery.js';
import { writeRunsJsonl } from '../reliability/support/generated-runs.js';
import { finished, runCli, scratchDirectory, spawnCli } from '../reliability/support/cli-process.js';
import { servedUrl } from '../support/rungraph-cli.js';

const writerChild = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'store', 'support', 'writer-child.ts');
const RUN_GRAPHS = 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:test:run/")) }';

async function startServe(archive: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnCli(['--archive', archive, 'serve', '--port', '0']);
  return { child, url: await servedUrl(child) };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exit;
}

/** A number the endpoint answers for a one-variable COUNT query. */
async function endpointCount(url: string, sparql: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: sparql });
  assert.equal(response.status, 200);
  const json = (await response.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(json.results.bindings[0].n.value);
}

describe('a warm archive: rungraph serve beside imports and queries', function () {
  this.timeout(180_000);
  let dir: string;
  let archive: string;
  beforeEach(async () => {
    dir = scratchDirectory('warm');
    archive = path.join(dir, 'archive');
    const demo = await runCli(['--archive', archive, 'demo']);
    assert.equal(demo.code, 0, demo.stderr);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('announces itself, shows runs imported while it serves, answers rungraph query with the rows of an in-process load, and withdraws on exit', async () => {
    const { child, url } = await startServe(archive);
    try {
      const announced = JSON.parse(fs.readFileSync(path.join(archive, DISCOVERY_FILE), 'utf8')) as { url: string; pid: number };
      assert.equal(announced.url, url);
      assert.equal(announced.pid, child.pid);

      const before = await runCli(['--archive', archive, 'query', 'list-runs', '--format', 'csv']);
      assert.equal(before.code, 0, before.stderr);
      assert.equal(before.stdout.trim().split('\n').length, 1 + 10, 'a header and the ten demo runs');

      const source = path.join(dir, 'runs.jsonl');
      writeRunsJsonl(source, 7);
      const imported = await runCli(['--archive', archive, 'import', '--tracker', 'json', source]);
      assert.equal(imported.code, 0, imported.stderr);

      for (const query of [['list-runs'], ['compare-algorithms'], ['compare-algorithms', '--param', 'measure=rgm:LogLoss']]) {
        const args = ['--archive', archive, 'query', ...query, '--format', 'csv'];
        const served = await runCli(args);
        const direct = await runCli(['--no-server', ...args]);
        const byEnv = await runCli(args, { RUNGRAPH_NO_SERVER: '1' });
        assert.equal(served.code, 0, served.stderr);
        assert.equal(direct.code, 0, direct.stderr);
        assert.equal(served.stdout, direct.stdout, `${query.join(' ')} gives the same rows through the server`);
        assert.equal(byEnv.stdout, direct.stdout);
        assert.equal(served.stderr, '');
        if (!query.includes('measure=rgm:LogLoss')) assert.ok(served.stdout.trim().split('\n').length > 1, `${query.join(' ')} has rows`);
      }
      const after = await runCli(['--archive', archive, 'query', 'list-runs', '--format', 'csv']);
      assert.equal(after.stdout.trim().split('\n').length, 1 + 10 + 7, 'the seven imported runs appear');
      assert.ok(after.stdout.includes('run 3 ""quoted""'), 'an imported run by name');
    } finally {
      assert.equal(await stop(child), 0);
    }
    assert.equal(fs.existsSync(path.join(archive, DISCOVERY_FILE)), false, 'a clean exit removes serve.json');
  });

  it('catches up with a compaction and leaves a torn tail for later', async () => {
    const { child, url } = await startServe(archive);
    try {
      assert.equal(await endpointCount(url, RUN_GRAPHS), 0);
      // writer-child.ts writes batches of 20 run graphs and compacts after every fifth batch.
      const writer = await finished(spawn(process.execPath, ['--import', 'tsx', writerChild, archive, '7'], { stdio: ['ignore', 'pipe', 'pipe'] }));
      assert.equal(writer.code, 0, writer.stderr);
      assert.match(fs.readFileSync(path.join(archive, 'snapshot.nq'), 'utf8').split('\n')[0], /generation=[1-9]/, 'the writer compacted');
      assert.equal(await endpointCount(url, RUN_GRAPHS), 7 * 20);

      const entry = encodeEntry({ op: 'replace', graphs: ['urn:test:run/torn'], nquads: '<urn:test:s> <urn:test:p> "o" <urn:test:run/torn> .\n' });
      const journal = path.join(archive, 'journal.log');
      fs.appendFileSync(journal, entry.subarray(0, entry.length - 10));
      assert.equal(await endpointCount(url, RUN_GRAPHS), 7 * 20, 'half an entry is not shown');
      fs.appendFileSync(journal, entry.subarray(entry.length - 10));
      assert.equal(await endpointCount(url, RUN_GRAPHS), 7 * 20 + 1, 'once whole, it is');
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('sends rungraph query to the announced server, unless told not to, and ignores one on another host with a warning', async () => {
    // A stand-in server proves where the answer came from: it knows a row the archive does not hold.
    const token = 'stand-in';
    const server = http.createServer((request, response) => {
      response.setHeader(TOKEN_HEADER, token);
      response.setHeader('content-type', 'application/sparql-results+json');
      const ask = new URL(request.url ?? '/', 'http://x').searchParams.get('query') === 'ASK {}';
      response.end(JSON.stringify(ask ? { head: {}, boolean: true } : { head: { vars: ['x'] }, results: { bindings: [{ x: { type: 'literal', value: 'from the server' } }] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const announce = (url: string) =>
      fs.writeFileSync(path.join(archive, DISCOVERY_FILE), JSON.stringify({ url, pid: process.pid, startedAt: new Date().toISOString(), archive, token }));
    const query = ['--archive', archive, 'query', '-e', 'SELECT ?x WHERE { VALUES ?x { "from the archive" } }', '--format', 'csv'];
    try {
      announce(`http://127.0.0.1:${port}/sparql`);
      assert.equal((await runCli(query)).stdout, 'x\nfrom the server\n');
      assert.equal((await runCli(['--no-server', ...query])).stdout, 'x\nfrom the archive\n');
      assert.equal((await runCli(query, { RUNGRAPH_NO_SERVER: '1' })).stdout, 'x\nfrom the archive\n');

      announce(`http://localhost.example.org:${port}/sparql`);
      const remote = await runCli(query);
      assert.equal(remote.code, 0, remote.stderr);
      assert.equal(remote.stdout, 'x\nfrom the archive\n');
      assert.match(remote.stderr, /warning: .*serve\.json names http:\/\/localhost\.example\.org:\d+\/sparql, which is not a loopback address/);
    } finally {
      server.close();
    }
  });
});

