import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importerById } from '../../src/importers/registry.js';
import { scratchDirectory } from './support/cli-process.js';
import { watchedRead } from './support/run-importer.js';
import { registeredLayouts } from './support/source-layouts.js';

const POINTS = 1_000_000;

describe('importers on hostile paths and sizes', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('paths');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Symbolic links leading outside the source: outside-links.test.ts.

  it('sacred: an artifact named ../../secret is reported and nothing outside the run folder is looked at', async () => {
    const { layout } = registeredLayouts().find((l) => l.layout.importer === 'sacred')!;
    const root = fs.mkdtempSync(path.join(dir, 'sacred-'));
    const location = layout.write(root);
    fs.writeFileSync(path.join(root, 'secret'), 'x'.repeat(12345));
    const runJson = path.join(location, '1', 'run.json');
    fs.writeFileSync(runJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(runJson, 'utf8')), artifacts: ['../../secret', 'model.pt'] }));
    const result = await watchedRead(importerById('sacred'), location);
    assert.equal(result.crash, undefined);
    assert.equal(result.runs.length, 1);
    assert.ok(!JSON.stringify(result.runs).includes('12345'), 'the size of a file outside the run folder was read');
    assert.ok(result.issues.some((i) => i.code === 'unsafe_path' && i.file === '1/run.json' && /\.\.\/\.\.\/secret/.test(i.message)));
  });

  it('mlflow: an artifact URI that climbs out of the artifact root (mlflow-artifacts:/../../outside) is not listed', async () => {
    const { layout } = registeredLayouts().find((l) => l.layout.importer === 'mlflow')!;
    const root = fs.mkdtempSync(path.join(dir, 'mlflow-'));
    const location = layout.write(root);
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(root, 'outside', 'secret.bin'), 'x'.repeat(4242));
    const meta = path.join(root, layout.targets.find((t) => /[0-9a-f]{32}\/meta\.yaml$/.test(t.file))!.file);
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/artifact_uri: .*/, 'artifact_uri: mlflow-artifacts:/../../outside'));
    const result = await watchedRead(importerById('mlflow'), location);
    assert.equal(result.crash, undefined);
    assert.equal(result.runs.length, 1);
    assert.ok(!JSON.stringify(result.runs).includes('secret.bin'), 'a folder outside the store was listed as the run\'s artifacts');
  });

  it(`mlflow: a metric file of ${POINTS} points imports in bounded time and memory`, async () => {
    const { layout } = registeredLayouts().find((l) => l.layout.importer === 'mlflow')!;
    const root = fs.mkdtempSync(path.join(dir, 'mlflow-'));
    const location = layout.write(root);
    const metric = layout.targets.find((t) => t.kind === 'metric-lines')!.file;
    const lines = Array.from({ length: POINTS }, (_, i) => `${1700000000000 + i} ${(i % 1000) / 1000} ${i}`);
    fs.writeFileSync(path.join(root, metric), `${lines.join('\n')}\n`);
    const result = await watchedRead(importerById('mlflow'), location, 120_000);
    fs.rmSync(root, { recursive: true, force: true }); // large: do not keep it on a small /dev/shm
    assert.equal(result.crash, undefined);
    assert.equal(result.timedOut, false);
    const run = result.runs[0] as { metrics: Record<string, { step: number; value: number }[]> };
    assert.equal(run.metrics.loss.length, POINTS);
    assert.deepEqual(run.metrics.loss[POINTS - 1], { step: POINTS - 1, value: ((POINTS - 1) % 1000) / 1000, timestamp: 1700000000000 + POINTS - 1 });
    // A point is a small object: about 100 bytes each, well under a kilobyte.
    assert.ok(result.heapGrowthBytes < POINTS * 1024, `heap grew by ${result.heapGrowthBytes} bytes`);
  });

  it(`json: a metric given as ${POINTS} numbers on one line imports in bounded time and memory`, async () => {
    const file = path.join(dir, 'million.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ source: { tracker: 'json', location: 'million.jsonl', runId: 'm' }, metrics: { loss: Array.from({ length: POINTS }, (_, i) => i / POINTS) } })}\n`);
    const result = await watchedRead(importerById('json'), file, 120_000);
    fs.rmSync(file);
    assert.equal(result.crash, undefined);
    assert.equal(result.timedOut, false);
    assert.equal((result.runs[0] as { metrics: Record<string, unknown[]> }).metrics.loss.length, POINTS);
    assert.ok(result.heapGrowthBytes < POINTS * 1024, `heap grew by ${result.heapGrowthBytes} bytes`);
  });
});
