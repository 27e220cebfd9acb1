/**
 * JSON and YAML that cost far more memory than their size (16 MiB of tiny nested arrays is millions of
 * heap objects; YAML spends about 1 KiB per node) are refused before parsing, with an issue naming the
 * file, by every importer that parses them. Each hostile import runs in a child process with a 256 MiB
 * heap: running out of memory there is a crash this test sees. Real files, such as a Sacred
 * metrics.json of a million points, still import.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkJsonBudget, countContainers, FREE_CONTAINERS, MAX_LOSSLESS_JSON_CHARS } from '../../src/importers/json-budget.js';
import { isParseBudgetError } from '../../src/parse-budget-error.js';
import { parsePythonJson, parsePythonJsonKeepingNumbers } from '../../src/importers/python-json.js';
import { importerById } from '../../src/importers/registry.js';
import { scratchDirectory } from './support/cli-process.js';
import { repoRoot } from '../support/shared.js';
import { namesFile, watchedRead } from './support/run-importer.js';
import { registeredLayouts } from './support/source-layouts.js';
import { countYamlNodes, MAX_YAML_NODES } from '../../src/yaml-budget.js';

const SIZE = 16 * 1024 * 1024;
const HEAP_MB = 256;

/** `unit` repeated (comma-separated) inside one array, to exactly SIZE characters. */
function nested(unit: string, size = SIZE, prefix = '['): string {
  const count = Math.floor((size - prefix.length - 1) / (unit.length + 1));
  const body = `${prefix}${Array(count).fill(unit).join(',')}`;
  return `${body}${' '.repeat(size - body.length - 1)}]`;
}

const hostile: Record<string, (prefix?: string) => string> = {
  'empty arrays': (prefix) => nested('[]', SIZE, prefix),
  'arrays of arrays of one number': (prefix) => nested('[[1]]', SIZE, prefix),
};

interface ChildRead {
  status: number | null;
  signal: string | null;
  stderr: string;
  result?: { runs: number; issues: { code: string; message: string; file?: string }[]; heapUsedBytes: number };
}

function readInChild(importer: string, location: string): ChildRead {
  const script = path.join(repoRoot, 'test', 'reliability', 'support', 'read-in-child.ts');
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', script, importer, location], {
    cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
  });
  const read: ChildRead = { status: child.status, signal: child.signal, stderr: child.stderr };
  if (child.status === 0) read.result = JSON.parse(child.stdout);
  return read;
}

describe('JSON and YAML that would cost far more memory than their size', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('json-memory');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('the budget check', () => {
    it('counts arrays and objects outside strings only', () => {
      assert.equal(countContainers('{"a": [1, {"b": "[{\\"["}], []]}'), 4);
      assert.equal(countContainers('"[[[["'), 0);
    });

    it(`refuses 16 MiB of empty arrays, naming how many it holds, and passes any text under ${FREE_CONTAINERS} characters`, () => {
      const text = hostile['empty arrays']();
      assert.throws(() => checkJsonBudget(text), (e: unknown) => isParseBudgetError(e, 'json_too_complex') && /^5592405 arrays and objects in 16777216 characters/.test(e.message));
      assert.throws(() => parsePythonJson(text), (e: unknown) => isParseBudgetError(e, 'json_too_complex'));
      checkJsonBudget(nested('[]', FREE_CONTAINERS));
    });

    it('caps texts read with their numbers kept', () => {
      const text = nested('1', MAX_LOSSLESS_JSON_CHARS + 2);
      assert.throws(() => parsePythonJsonKeepingNumbers(text), (e: unknown) => isParseBudgetError(e, 'json_too_complex') && /limit/.test(e.message));
      assert.ok(Array.isArray(parsePythonJson(text)));
    });

    it('passes a million metric points written as objects, one per 25 characters', () => {
      const text = `[${Array.from({ length: 1_000_000 }, (_, i) => `{"step":${i},"value":0.5}`).join(',')}]`;
      checkJsonBudget(text);
    });
  });

  const targets = registeredLayouts().flatMap(({ layout }) => layout.targets.filter((t) => t.kind === 'json').map((target) => ({ layout, target })));
  for (const { layout, target } of targets) {
    for (const [name, content] of Object.entries(hostile)) {
      it(`${layout.importer}: ${target.file} of 16 MiB of ${name} ends with an issue naming it, within a ${HEAP_MB} MiB heap`, () => {
        const root = fs.mkdtempSync(path.join(dir, `${layout.importer}-`));
        const location = layout.write(root);
        fs.writeFileSync(path.join(root, target.file), content());
        const read = readInChild(layout.importer, location);
        fs.rmSync(root, { recursive: true, force: true });
        assert.equal(read.status, 0, `the import crashed (signal ${read.signal}): ${read.stderr.slice(-2000)}`);
        const issue = read.result!.issues.find((i) => namesFile(i as never, target.file) && ['json_too_complex', 'file_too_large'].includes(i.code));
        assert.ok(issue, `no json_too_complex or file_too_large issue names ${target.file}: ${JSON.stringify(read.result!.issues).slice(0, 1000)}`);
      });
    }
  }

  it(`dvc: \`dvc exp show --json\` output of 16 MiB of empty arrays ends with an issue naming it, within a ${HEAP_MB} MiB heap`, () => {
    const file = path.join(dir, 'exp-show.json');
    fs.writeFileSync(file, hostile['empty arrays']('[{"rev": "workspace", "data": {}}, '));
    const read = readInChild('dvc', file);
    fs.rmSync(file);
    assert.equal(read.status, 0, `the import crashed (signal ${read.signal}): ${read.stderr.slice(-2000)}`);
    assert.ok(read.result!.issues.some((i) => i.code === 'json_too_complex' && i.file === 'exp-show.json'), JSON.stringify(read.result!.issues));
  });

  const yamlTargets = registeredLayouts().flatMap(({ layout }) => layout.targets.filter((t) => t.kind === 'yaml').map((target) => ({ layout, target })));
  for (const { layout, target } of yamlTargets) {
    it(`${layout.importer}: ${target.file} of 16 MiB of empty YAML flow sequences ends with an issue naming it, within a ${HEAP_MB} MiB heap`, () => {
      const root = fs.mkdtempSync(path.join(dir, `${layout.importer}-`));
      const location = layout.write(root);
      fs.writeFileSync(path.join(root, target.file), hostile['empty arrays']('a: ['));
      const read = readInChild(layout.importer, location);
      fs.rmSync(root, { recursive: true, force: true });
      assert.equal(read.status, 0, `the import crashed (signal ${read.signal}): ${read.stderr.slice(-2000)}`);
      const issue = read.result!.issues.find((i) => namesFile(i as never, target.file) && ['yaml_too_complex', 'file_too_large'].includes(i.code));
      assert.ok(issue, `no yaml_too_complex or file_too_large issue names ${target.file}: ${JSON.stringify(read.result!.issues).slice(0, 1000)}`);
    });
  }

  it('the YAML estimate counts lines, flow brackets and commas, and block indicators, but not dashes inside words', () => {
    assert.equal(countYamlNodes('a: 1\nb:\n  - x-y\n  - [1, {c: 2}]\n'), 1 + 4 + 3 + 2 + 2 + 1); // start, lines, colons, dashes, brackets, comma
  });

  it(`dvc: a params.yaml of 20,000 parameters (about ${MAX_YAML_NODES / 5} estimated nodes) still imports`, async () => {
    const { layout } = registeredLayouts().find((l) => l.layout.importer === 'dvc')!;
    const root = fs.mkdtempSync(path.join(dir, 'dvc-'));
    const location = layout.write(root);
    fs.writeFileSync(path.join(location, 'params.yaml'), `${Array.from({ length: 20_000 }, (_, i) => `p${i}: ${i / 10}`).join('\n')}\nlr: 0.1\n`);
    fs.writeFileSync(path.join(location, 'dvc.yaml'), 'stages:\n  train:\n    cmd: python train.py\n    params: [params.yaml:]\n');
    const result = await watchedRead(importerById('dvc'), location, 120_000);
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(result.crash, undefined);
    assert.deepEqual(result.issues.filter((i) => /params\.yaml/.test(`${i.file} ${i.message}`)), []);
    const params = (result.runs[0] as { params: Record<string, { raw?: string }> }).params;
    assert.equal(Object.keys(params).filter((k) => /^p\d+$/.test(k)).length, 20_000);
  });

  it('sacred: a metrics.json of 1,000,000 points in one series still imports whole', async () => {
    const { layout } = registeredLayouts().find((l) => l.layout.importer === 'sacred')!;
    const root = fs.mkdtempSync(path.join(dir, 'sacred-'));
    const location = layout.write(root);
    const n = 1_000_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = Array.from({ length: n }, (_, i) => (i % 1000) / 1000);
    const timestamps = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 2, 1) + i * 1000).toISOString().replace('Z', ''));
    fs.writeFileSync(path.join(location, '1', 'metrics.json'), JSON.stringify({ loss: { steps, timestamps, values } }));
    const result = await watchedRead(importerById('sacred'), location, 120_000);
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(result.crash, undefined);
    assert.deepEqual(result.issues, []);
    const loss = (result.runs[0] as { metrics: Record<string, { step: number; value: number; timestamp?: number }[]> }).metrics.loss;
    assert.equal(loss.length, n);
    assert.deepEqual(loss[n - 1], { step: n - 1, value: 0.999, timestamp: Date.UTC(2024, 2, 1) + (n - 1) * 1000 });
  });
});
