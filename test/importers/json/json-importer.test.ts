import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonImporter } from '../../../src/importers/json/json-importer.js';
import type { ImportItem } from '../../../src/importers/importer.js';

async function readAll(file: string): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of jsonImporter.read(file)) items.push(item);
  return items;
}

describe('the JSON importer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-json-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const good = (id: string) => ({ source: { tracker: 'json', location: 'runs.jsonl', runId: id }, params: { n: 3 }, metrics: { loss: [0.5, 0.25] } });

  it('reads JSON Lines, names the file, line and field of a bad record, and keeps the rest', async () => {
    const file = path.join(dir, 'runs.jsonl');
    const bad = { source: { tracker: 'json', location: 'runs.jsonl', runId: 'bad' }, status: 'exploded' };
    fs.writeFileSync(file, [JSON.stringify(good('a')), '', JSON.stringify(bad), '{not json', JSON.stringify(good('c'))].join('\n'));
    const items = await readAll(file);
    const runs = items.filter((i) => i.kind === 'run');
    const issues = items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : []));
    assert.deepEqual(runs.map((r) => r.record.source.runId), ['a', 'c']);
    assert.equal(issues.length, 2);
    assert.deepEqual([issues[0].file, issues[0].line, issues[0].run, issues[0].path], [file, 3, 'bad', ['status']]);
    assert.equal(issues[1].line, 4);
    assert.equal(issues[1].code, 'invalid_json');
  });

  it('reads a pretty-printed object spanning lines, then the JSON Lines after it', async () => {
    const file = path.join(dir, 'runs.jsonl');
    fs.writeFileSync(file, [JSON.stringify(good('a'), null, 2), JSON.stringify(good('b'))].join('\n'));
    const items = await readAll(file);
    assert.deepEqual(items.map((i) => (i.kind === 'run' ? i.record.source.runId : i.issue.code)), ['a', 'b']);
  });

  it('reports an object that never closes once, without re-reading it on every line', async () => {
    // 200,000 lines: parsing the growing text at each line would read ~160 GB and never finish.
    const file = path.join(dir, 'runs.jsonl');
    fs.writeFileSync(file, `{\n${'  "k": 1,\n'.repeat(200_000)}`);
    const items = await readAll(file);
    assert.deepEqual(items.map((i) => (i.kind === 'issue' ? [i.issue.code, i.issue.line] : 'run')), [['invalid_json', 1]]);
  });

  it('accepts shorthand parameters and metrics', async () => {
    const file = path.join(dir, 'runs.jsonl');
    fs.writeFileSync(file, JSON.stringify(good('a')));
    const [item] = await readAll(file);
    assert.equal(item.kind, 'run');
    if (item.kind !== 'run') return;
    assert.deepEqual(item.record.params!.n, { type: 'integer', value: 3, raw: '3' });
    assert.deepEqual(item.record.metrics!.loss, [{ step: 0, value: 0.5 }, { step: 1, value: 0.25 }]);
  });

  it('reads a JSON array and non-finite values written as strings', async () => {
    const file = path.join(dir, 'runs.json');
    fs.writeFileSync(file, JSON.stringify([{ ...good('a'), metrics: { loss: [{ step: 0, value: 'NaN' }, { step: 1, value: '-Infinity' }] } }], null, 2));
    const [item] = await readAll(file);
    assert.equal(item.kind, 'run');
    if (item.kind !== 'run') return;
    assert.ok(Number.isNaN(item.record.metrics!.loss[0].value));
    assert.equal(item.record.metrics!.loss[1].value, -Infinity);
  });

  it('declines what is not a run-record file, saying why', async () => {
    const other = path.join(dir, 'config.json');
    fs.writeFileSync(other, '{"learning_rate": 0.1}');
    const answer = await jsonImporter.detect(other);
    assert.equal(answer.ok, false);
    assert.match((answer as { reason: string }).reason, /source/);
    assert.equal((await jsonImporter.detect(dir)).ok, false);
  });
});
