/**
 * Federated queries with Comunica over two kinds of local source: an embedded archive served by
 * serveArchive (a SPARQL endpoint) and a Turtle file of Wikidata-shaped labels; plus an archive directory
 * read directly.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { isInputError } from '../../src/errors.js';
import { federatedQuery } from '../../src/query/federated-query.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { serveArchive, type ServedArchive } from '../../src/store/serve/serve-archive.js';
import type { QueryResult } from '../../src/store/store.js';

const { namedNode, quad } = DataFactory;
const RG = 'https://w3id.org/rungraph/';
const WD = 'http://www.wikidata.org/entity/';

function table(result: QueryResult, ...variables: string[]): string[] {
  assert.equal(result.type, 'bindings');
  return (result as { rows: Map<string, { value: string }>[] }).rows.map((r) => variables.map((v) => r.get(v)?.value ?? '-').join(' | ')).sort();
}

describe('federated queries', function () {
  this.timeout(60_000);
  let dir: string;
  let archiveDir: string;
  let labels: string;
  let archive: EmbeddedStore;
  let served: ServedArchive;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-federation-'));
    archiveDir = path.join(dir, 'archive');
    archive = await EmbeddedStore.open(archiveDir);
    // Two runs, in their own graphs, each implementing an algorithm linked to a Wikidata item.
    await archive.replaceGraphs([
      { graph: `${RG}graph/run/a`, quads: [quad(namedNode(`${RG}run/a`), namedNode(`${RG}ns#algorithm`), namedNode(`${RG}algorithm/RandomForest`))] },
      { graph: `${RG}graph/run/b`, quads: [quad(namedNode(`${RG}run/b`), namedNode(`${RG}ns#algorithm`), namedNode(`${RG}algorithm/GradientBoosting`))] },
      {
        graph: `${RG}graph/vocabulary`,
        quads: [
          quad(namedNode(`${RG}algorithm/RandomForest`), namedNode('http://www.w3.org/2004/02/skos/core#exactMatch'), namedNode(`${WD}Q245748`)),
          quad(namedNode(`${RG}algorithm/GradientBoosting`), namedNode('http://www.w3.org/2004/02/skos/core#exactMatch'), namedNode(`${WD}Q5591100`)),
        ],
      },
    ]);
    await archive.close();
    archive = await EmbeddedStore.open(archiveDir, { readOnly: true });
    served = await serveArchive(archive, { port: 0 });
    labels = path.join(dir, 'wikidata-labels.ttl');
    fs.writeFileSync(
      labels,
      `@prefix wd: <${WD}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n` +
        'wd:Q245748 rdfs:label "random forest"@en , "forêt d\'arbres décisionnels"@fr .\nwd:Q5591100 rdfs:label "gradient boosting"@en .\n',
    );
  });

  after(async function () {
    await served?.close();
    await archive?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const JOIN = `PREFIX rg: <${RG}ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?run ?label WHERE { ?run rg:algorithm ?algorithm . ?algorithm skos:exactMatch ?item . ?item rdfs:label ?label FILTER(lang(?label) = "en") }`;

  it('joins a served archive with a Turtle file of labels', async function () {
    const result = await federatedQuery([`sparql+${served.url}`, labels], JOIN);
    assert.deepEqual((result as { variables: string[] }).variables, ['run', 'label']);
    assert.deepEqual(table(result, 'run', 'label'), [`${RG}run/a | random forest`, `${RG}run/b | gradient boosting`]);
  });

  it('reads an archive directory as a source, its named graphs as the default graph', async function () {
    await archive.close();
    try {
      const result = await federatedQuery([archiveDir, labels], JOIN);
      assert.deepEqual(table(result, 'run', 'label'), [`${RG}run/a | random forest`, `${RG}run/b | gradient boosting`]);
    } finally {
      archive = await EmbeddedStore.open(archiveDir, { readOnly: true });
    }
  });

  it('answers ASK and CONSTRUCT across sources', async function () {
    const ask = await federatedQuery([`sparql+${served.url}`, labels], `ASK { <${RG}run/a> ?p ?o . <${WD}Q245748> ?q ?label }`);
    assert.deepEqual(ask, { type: 'boolean', value: true });
    const construct = await federatedQuery([`sparql+${served.url}`, labels], `${JOIN.replace(/SELECT.*WHERE/s, 'CONSTRUCT { ?run <urn:label> ?label } WHERE')}`);
    assert.equal(construct.type, 'quads');
    assert.equal((construct as { quads: unknown[] }).quads.length, 2);
  });

  it('names a missing or unreadable source', async function () {
    await assert.rejects(federatedQuery([path.join(dir, 'nope.ttl')], 'ASK {}'), (e: unknown) => isInputError(e) && /does not exist/.test((e as Error).message));
    const bad = path.join(dir, 'bad.ttl');
    fs.writeFileSync(bad, '<a> <b> ');
    await assert.rejects(federatedQuery([bad], 'ASK {}'), (e: unknown) => isInputError(e) && (e as Error).message.includes(bad));
    await assert.rejects(federatedQuery([], 'ASK {}'), TypeError);
  });
});
