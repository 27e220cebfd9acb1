/**
 * Finding a running server of an archive through its serve.json: trusted only for this archive, a loopback
 * URL, a live pid and an endpoint that answers with the announced token; a read-only open with useServer
 * queries it, falls back to loading the archive when it goes away, and writers never use it.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.js';
import { openStore } from '../../../src/store/open-store.js';
import { serveArchive, type ServedArchive } from '../../../src/store/serve/serve-archive.js';
import { announceServer, DISCOVERY_FILE, findServer, newServeToken, TOKEN_HEADER } from '../../../src/store/serve/serve-discovery.js';
import { ServedArchiveStore } from '../../../src/store/serve/served-archive-store.js';

const { namedNode, literal, quad } = DataFactory;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

async function count(store: { query(q: string): Promise<unknown> }): Promise<number> {
  const result = (await store.query(COUNT)) as { type: string; rows: Map<string, { value: string }>[] };
  return Number(result.rows[0].get('n')!.value);
}

function writeAnnouncement(dir: string, fields: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, DISCOVERY_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), archive: dir, token: 't', ...fields }));
}

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('finding a running server of an archive (serve.json)', function () {
  this.timeout(60_000);
  let dir: string;
  let archive: EmbeddedStore;
  let served: ServedArchive;
  let token: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-discovery-'));
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([{ graph: 'urn:test:g', quads: [1, 2, 3].map((i) => quad(namedNode('urn:test:s'), namedNode('urn:test:p'), literal(String(i)))) }]);
    await writer.close();
    archive = await EmbeddedStore.open(dir, { readOnly: true });
    token = newServeToken();
    served = await serveArchive(archive, { port: 0, headers: { [TOKEN_HEADER]: token } });
  });
  afterEach(async () => {
    await served.close();
    await archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds a live server of this archive, and a read-only open with useServer queries it', async () => {
    announceServer(dir, served.url, token);
    const announced = JSON.parse(fs.readFileSync(path.join(dir, DISCOVERY_FILE), 'utf8')) as Record<string, unknown>;
    assert.equal(announced.pid, process.pid);
    assert.equal(announced.url, served.url);
    assert.ok(!Number.isNaN(Date.parse(String(announced.startedAt))));
    assert.equal(await findServer(dir), served.url);
    const store = await openStore(dir, { readOnly: true, useServer: true });
    assert.ok(store instanceof ServedArchiveStore);
    assert.equal(store.location, dir);
    assert.equal(await count(store), 3);
    await assert.rejects(store.replaceGraphs([]), /read-only/);
    await store.close();
  });

  it('is never used by a writer, nor without useServer', async () => {
    announceServer(dir, served.url, token);
    const reader = await openStore(dir, { readOnly: true });
    assert.ok(reader instanceof EmbeddedStore);
    await reader.close();
    const writer = await openStore(dir, { useServer: true });
    assert.ok(writer instanceof EmbeddedStore);
    await writer.close();
  });

  it('ignores a file naming another host, with a warning', async () => {
    const port = new URL(served.url).port;
    writeAnnouncement(dir, { url: `http://192.0.2.7:${port}/sparql`, token });
    const warnings: string[] = [];
    assert.equal(await findServer(dir, { onWarning: (m) => warnings.push(m) }), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /192\.0\.2\.7.*not a loopback address/);
    const store = await openStore(dir, { readOnly: true, useServer: true, onWarning: () => {} });
    assert.ok(store instanceof EmbeddedStore);
    await store.close();
  });

  it('ignores a dead pid, another archive, a wrong token and a garbled file', async () => {
    writeAnnouncement(dir, { url: served.url, token, pid: deadPid() });
    assert.equal(await findServer(dir), undefined, 'dead pid');
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-discovery-other-'));
    try {
      writeAnnouncement(dir, { url: served.url, token, archive: other });
      assert.equal(await findServer(dir), undefined, 'a copied archive names the original');
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
    writeAnnouncement(dir, { url: served.url, token: 'not-the-token' });
    assert.equal(await findServer(dir), undefined, 'whatever answers on that port is not this server');
    fs.writeFileSync(path.join(dir, DISCOVERY_FILE), '{"url": "http://127.0.0.1:1/sparql", "pid"');
    assert.equal(await findServer(dir), undefined, 'garbled');
    writeAnnouncement(dir, { url: served.url, token });
    assert.equal(await findServer(dir), served.url, 'the same file, right, is trusted');
  });

  it('gives up on a server that does not answer within the time limit', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      writeAnnouncement(dir, { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/sparql`, token });
      const started = performance.now();
      assert.equal(await findServer(dir, { timeoutMs: 300 }), undefined);
      assert.ok(performance.now() - started < 5000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('loads the archive itself when the server goes away between queries', async () => {
    announceServer(dir, served.url, token);
    const store = await openStore(dir, { readOnly: true, useServer: true });
    assert.ok(store instanceof ServedArchiveStore);
    assert.equal(await count(store), 3);
    await served.close();
    assert.equal(await count(store), 3);
    await store.close();
  });

  it('removes its file on withdrawal, but not a later server\'s', () => {
    const withdraw = announceServer(dir, served.url, token);
    withdraw();
    assert.equal(fs.existsSync(path.join(dir, DISCOVERY_FILE)), false);
    const first = announceServer(dir, served.url, token);
    announceServer(dir, served.url, newServeToken());
    first();
    assert.equal(fs.existsSync(path.join(dir, DISCOVERY_FILE)), true);
  });
});
