/**
 * Federation with a real server: a Wikidata-shaped graph (labels and classes of linked concepts) on
 * Virtuoso, joined with an embedded archive served by serveArchive. Needs RUNGRAPH_TEST_SPARQL.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataFactory } from 'n3';
import { federatedQuery } from '../../src/query/federated-query.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { RemoteStore } from '../../src/store/remote/remote-store.js';
import { serveArchive, type ServedArchive } from '../../src/store/serve/serve-archive.js';

const { namedNode, literal, quad } = DataFactory;
const endpoint = process.env.RUNGRAPH_TEST_SPARQL;

if (!endpoint) {
  describe('federation with a SPARQL server', function () {
    it('needs RUNGRAPH_TEST_SPARQL=sparql+http://HOST:PORT/sparql (set by .ci/run, which starts Virtuoso)', function () {
      this.skip();
    });
  });
} else {
  describe(`federation with a SPARQL server (${endpoint})`, function () {
    this.timeout(120_000);
    // A namespace of its own, so the test neither sees nor disturbs other data on the server.
    const wd = `http://example.org/wikidata-${randomUUID()}/entity/`;
    const wikidataGraph = `${wd}graph`;
    const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
    const P31 = `${wd}P31`;
    let dir: string;
    let archive: EmbeddedStore;
    let served: ServedArchive;
    let remote: RemoteStore;

    before(async function () {
      remote = RemoteStore.open(endpoint);
      await remote.replaceGraphs([
        {
          graph: wikidataGraph,
          quads: [
            quad(namedNode(`${wd}Q245748`), namedNode(`${RDFS}label`), literal('random forest', 'en')),
            quad(namedNode(`${wd}Q245748`), namedNode(P31), namedNode(`${wd}Q2539`)),
            quad(namedNode(`${wd}Q5591100`), namedNode(`${RDFS}label`), literal('gradient boosting', 'en')),
            quad(namedNode(`${wd}Q5591100`), namedNode(P31), namedNode(`${wd}Q2539`)),
            quad(namedNode(`${wd}Q2539`), namedNode(`${RDFS}label`), literal('machine learning', 'en')),
          ],
        },
      ]);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-federation-'));
      archive = await EmbeddedStore.open(dir);
      await archive.replaceGraphs([
        { graph: 'https://w3id.org/rungraph/graph/run/a', quads: [quad(namedNode('https://w3id.org/rungraph/run/a'), namedNode('urn:uses'), namedNode(`${wd}Q245748`))] },
        { graph: 'https://w3id.org/rungraph/graph/run/b', quads: [quad(namedNode('https://w3id.org/rungraph/run/b'), namedNode('urn:uses'), namedNode(`${wd}Q5591100`))] },
      ]);
      served = await serveArchive(archive, { port: 0 });
    });

    after(async function () {
      await served?.close();
      await archive?.close();
      await remote?.deleteGraphs([wikidataGraph]);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('labels the concepts of served runs and their classes from the server', async function () {
      const result = await federatedQuery(
        [`sparql+${served.url}`, endpoint],
        `SELECT ?run ?label ?classLabel WHERE {
           ?run <urn:uses> ?item .
           ?item <${RDFS}label> ?label ; <${P31}> ?class .
           ?class <${RDFS}label> ?classLabel }`,
      );
      assert.equal(result.type, 'bindings');
      const rows = (result as { rows: Map<string, { value: string }>[] }).rows.map((r) => `${r.get('run')!.value} ${r.get('label')!.value} (${r.get('classLabel')!.value})`).sort();
      assert.deepEqual(rows, [
        'https://w3id.org/rungraph/run/a random forest (machine learning)',
        'https://w3id.org/rungraph/run/b gradient boosting (machine learning)',
      ]);
    });
  });
}
