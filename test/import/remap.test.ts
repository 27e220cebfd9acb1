import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isomorphic } from 'rdf-isomorphic';
import { archiveQuads } from '../../src/export/export-archive.js';
import { importSource } from '../../src/import/import-source.js';
import { remapArchive } from '../../src/import/remap.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const toy = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'mapping', 'toy-mappings');

describe('remap', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-remap-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('re-normalises stored runs under new mappings exactly as a fresh import would', async () => {
    // Version B of the mappings: `depth` becomes a known hyperparameter with a canonical concept.
    const changed = path.join(dir, 'mappings-b');
    fs.cpSync(toy, changed, { recursive: true });
    const library = path.join(changed, 'libraries', 'toylib.yaml');
    fs.writeFileSync(library, fs.readFileSync(library, 'utf8') + '      depth: { type: string, default: shallow, canonical: RandomSeed }\n');
    const before = loadMappings([toy], { shipped: false });
    const after = loadMappings([changed], { shipped: false });
    assert.notEqual(before.version, after.version);

    const runs = path.join(dir, 'runs.jsonl');
    const record = (id: string, extra: object) =>
      JSON.stringify({
        source: { tracker: 'json', location: 'runs.jsonl', runId: id },
        implementation: 'toylib.Forest',
        environment: { libraries: { toylib: '2.1.0' } },
        params: { n_trees: 300, depth: 'deep', big: { type: 'integer', value: 0, raw: '12345678901234567890' } },
        ...extra,
      });
    fs.writeFileSync(
      runs,
      [
        record('a', { metrics: { test_acc: [{ step: 0, value: 0.5, timestamp: 1700000000000 }, { step: 3, value: 'NaN' }] } }),
        record('b', { metrics: { test_acc: [{ step: 7, value: 0.25, timestamp: 1700000000123 }], loss: [{ step: 1, value: '-Infinity' }] } }),
      ].join('\n'),
    );

    const remapped = await EmbeddedStore.open(path.join(dir, 'remapped'));
    const imported = await importSource(remapped, runs, { mappings: before });
    assert.equal(imported.imported, 2, JSON.stringify(imported.issues));
    const summary = await remapArchive(remapped, after);
    assert.deepEqual(summary, { remapped: 2, current: 0, withoutRecord: 0 });
    assert.deepEqual(await remapArchive(remapped, after), { remapped: 0, current: 2, withoutRecord: 0 });

    const fresh = await EmbeddedStore.open(path.join(dir, 'fresh'));
    await importSource(fresh, runs, { mappings: after });
    const [a, b] = [await archiveQuads(remapped), await archiveQuads(fresh)];
    await remapped.close();
    await fresh.close();
    assert.equal(a.length, b.length);
    assert.ok(isomorphic(a, b), 'a remapped archive equals a fresh import under the new mappings');
  });

  it('rewrites an archive of an older run shape (0.2.0: typed, named settings with raw text in each run graph) to shared thin settings', async () => {
    const mappings = loadMappings([toy], { shipped: false });
    const runs = path.join(dir, 'runs.jsonl');
    const record = (id: string) =>
      JSON.stringify({ source: { tracker: 'json', location: 'runs.jsonl', runId: id }, implementation: 'toylib.Forest', environment: { libraries: { toylib: '2.1.0' } }, params: { n_trees: '300', depth: 'deep', rate: '1.0' } });
    fs.writeFileSync(runs, [record('a'), record('b')].join('\n'));
    const old = await EmbeddedStore.open(path.join(dir, 'old'));
    assert.equal((await importSource(old, runs, { mappings })).imported, 2);
    // What 0.2.0 wrote: every setting a node of the run's own graph, typed and named, the logged text
    // beside the value, and an older mapping version.
    await old.update(`PREFIX mls: <http://www.w3.org/ns/mls#> PREFIX rg: <https://w3id.org/rungraph/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
      DELETE { GRAPH ?g { ?run mls:hasInput ?s } GRAPH ?s { ?s ?p ?o } }
      INSERT { GRAPH ?g { ?run mls:hasInput ?own . ?own a mls:HyperParameterSetting ; dcterms:identifier ?key ; rg:rawValue ?raw ; ?p ?o } }
      WHERE { GRAPH ?g { ?run mls:hasInput ?s } GRAPH ?s { ?s mls:specifiedBy ?hp ; mls:hasValue ?v ; ?p ?o . OPTIONAL { ?s rg:loggedKey ?alias } }
              GRAPH ?h { ?hp dcterms:identifier ?name } BIND(COALESCE(?alias, ?name) AS ?key) BIND(STR(?v) AS ?raw) BIND(IRI(CONCAT(STR(?run), "/param/", ?key)) AS ?own) }`);
    await old.update(`PREFIX rg: <https://w3id.org/rungraph/ns#>
      DELETE { GRAPH ?g { ?run rg:mappingVersion ?v } } INSERT { GRAPH ?g { ?run rg:mappingVersion "0.2.0+0123abcd" } } WHERE { GRAPH ?g { ?run rg:mappingVersion ?v } }`);
    const typed = async (store: EmbeddedStore) => ((await store.query('ASK { GRAPH ?g { ?s a <http://www.w3.org/ns/mls#HyperParameterSetting> } }')) as { value: boolean }).value;
    assert.equal(await typed(old), true, 'test bug: the archive should have the 0.2.0 shape');

    assert.deepEqual(await remapArchive(old, mappings), { remapped: 2, current: 0, withoutRecord: 0 });
    const fresh = await EmbeddedStore.open(path.join(dir, 'fresh'));
    await importSource(fresh, runs, { mappings });
    const [a, b] = [await archiveQuads(old), await archiveQuads(fresh)];
    const stillTyped = await typed(old);
    await old.close();
    await fresh.close();
    assert.equal(stillTyped, false);
    assert.ok(!a.some((q) => q.subject.value.includes('/param/') || q.object.value.includes('/param/')), 'no setting of the old shape is left');
    assert.equal(a.length, b.length);
    assert.ok(isomorphic(a, b), 'a remapped 0.2.0 archive equals a fresh import');
  });
});
