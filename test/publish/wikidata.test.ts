import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { preparePublication } from '../../src/publish/publish.js';
import { quickStatements } from '../../src/publish/quickstatements.js';
import { parseSelection } from '../../src/publish/select-runs.js';
import { checkWikidataLinks, wikidataLinks } from '../../src/publish/wikidata-check.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { serveArchive } from '../../src/store/serve/serve-archive.js';
import { NS } from '../../src/vocab/namespaces.js';
import { buildArchive, testMappings } from '../queries/query-archive.js';
import { repoRoot } from '../support/shared.js';
import { otherRun, sklearnRun } from './publish-data.js';

const { namedNode, literal, quad } = DataFactory;

function runCli(args: string[]): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src', 'cli', 'main.ts'), ...args], { cwd: os.tmpdir() });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout })));
}
const RDFS_LABEL = namedNode(`${NS.rdfs}label`);

describe('Wikidata statements and checks', function () {
  this.timeout(90_000);

  it('writes QuickStatements only for "software uses algorithm" between existing items, with reference URL and date', async () => {
    const archive = await buildArchive([sklearnRun('r1'), sklearnRun('r2'), otherRun()]);
    try {
      const { quads } = await preparePublication(archive.store, { selection: parseSelection('runs:r1,r2,x1'), base: 'https://example.org/pub/', mappings: archive.mappings });
      const lines = quickStatements(quads, { referenceUrl: 'https://example.org/pub/', retrieved: new Date('2026-02-01T15:00:00Z') });
      // scikit-learn (Q1026367) uses random forest (Q245748); LightGBM and gradient boosting have no verified id.
      assert.deepEqual(lines, ['Q1026367\tP2283\tQ245748\tS854\t"https://example.org/pub/"\tS813\t+2026-02-01T00:00:00Z/11']);
      for (const line of lines) assert.match(line, /^Q\d+\tP2283\tQ\d+\tS854\t"[^"\t]+"\tS813\t\+\d{4}-\d\d-\d\dT00:00:00Z\/11$/);
      assert.throws(() => quickStatements(quads, { retrieved: new Date() }), TypeError);
      assert.throws(() => quickStatements(quads, { referenceUrl: 'https://x.org/"\tP31', retrieved: new Date() }), TypeError);
    } finally {
      await archive.dispose();
    }
  });

  it('confirms, questions or misses each linked id against a SPARQL endpoint holding a Wikidata-shaped graph', async () => {
    const links = wikidataLinks(testMappings());
    const ids = links.map((l) => l.id);
    for (const id of ['Q245748', 'Q1026367', 'Q10861030', 'Q47509047']) assert.ok(ids.includes(id), `the mappings link ${id}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-wikidata-'));
    const store = await EmbeddedStore.open(path.join(dir, 'wd'));
    try {
      // Labels as Wikidata has them, one wrong (a wrong id would look like this) and one id unknown.
      const wd = (id: string) => namedNode(NS.wd + id);
      const quads = [
        quad(wd('Q245748'), RDFS_LABEL, literal('random forest', 'en')),
        quad(wd('Q245748'), RDFS_LABEL, literal('bosque aleatorio', 'es')),
        quad(wd('Q1026367'), namedNode(`${NS.schema}name`), literal('scikit-learn', 'en')),
        quad(wd('Q10861030'), RDFS_LABEL, literal('Hamlet', 'en')),
        ...links.filter((l) => !['Q245748', 'Q1026367', 'Q10861030', 'Q47509047'].includes(l.id)).map((l) => quad(wd(l.id), RDFS_LABEL, literal(l.expected[0], 'en'))),
      ];
      await store.replaceGraphs([{ graph: 'https://example.org/wikidata', quads }]);
      const served = await serveArchive(store, { port: 0 });
      try {
        const checks = await checkWikidataLinks(links, { endpoint: served.url });
        const status = new Map(checks.map((c) => [c.id, c.status]));
        assert.equal(status.get('Q245748'), 'confirmed');
        assert.equal(status.get('Q1026367'), 'confirmed');
        assert.equal(status.get('Q10861030'), 'mismatch');
        assert.deepEqual(checks.find((c) => c.id === 'Q10861030')!.labels, ['Hamlet']);
        assert.equal(status.get('Q47509047'), 'missing');
        assert.equal(checks.filter((c) => c.status === 'confirmed').length, links.length - 2);
        // The command: one line per id, exit 1 because two are not confirmed. Spawned asynchronously,
        // since this process serves the endpoint.
        const cli = await runCli(['wikidata', 'check', '--endpoint', served.url]);
        assert.equal(cli.status, 1);
        assert.match(cli.stdout, /^confirmed +wd:Q245748 /m);
        assert.match(cli.stdout, /^mismatch +wd:Q10861030 .*\(endpoint: Hamlet\)$/m);
        assert.match(cli.stdout, /^missing +wd:Q47509047 /m);
        assert.match(cli.stdout, new RegExp(`^${links.length - 2} of ${links.length} confirmed$`, 'm'));
      } finally {
        await served.close();
      }
      await assert.rejects(checkWikidataLinks(links.slice(0, 1), { endpoint: 'http://127.0.0.1:9/sparql', timeoutMs: 2000 }), /cannot reach/);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
