/**
 * The Papers with Code importer on evaluation tables written here (no real PwC dump is among the
 * shared fixtures): every answer below follows from the generated file.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonImporter } from '../../../src/importers/json/json-importer.js';
import { pwcImporter } from '../../../src/importers/pwc/pwc-importer.js';
import { publicationIds } from '../../../src/importers/pwc/publication-ids.js';
import { parseReportedNumber } from '../../../src/importers/pwc/reported-number.js';
import { detectImporter } from '../../../src/importers/registry.js';
import { drain } from '../../support/drain-importer.js';

const row = (model: string, metrics: unknown, extra: Record<string, unknown> = {}) => ({
  model_name: model,
  paper_title: `${model}: a paper`,
  paper_url: `https://arxiv.org/abs/2101.0000${model.length}v2`,
  paper_date: '2021-01-05',
  code_links: [{ title: 'code', url: `https://example.org/${model}` }],
  model_links: [],
  metrics,
  ...extra,
});

/** Two tasks, a subtask, a subdataset, and one malformed thing of each kind among good rows. */
const TABLES = [
  {
    task: 'Image Classification',
    categories: ['Computer Vision'],
    datasets: [
      {
        dataset: 'ImageNet',
        sota: {
          metrics: ['Top 1 Accuracy', 'Number of params'],
          rows: [
            row('NetA', { 'Top 1 Accuracy': '88.5%', 'Number of params': '1.2M' }, { uses_additional_data: true }),
            { paper_title: 'no model here', metrics: { 'Top 1 Accuracy': '50%' } },
            row('NetB', { 'Top 1 Accuracy': 'n/a', 'Number of params': '25,600' }),
            row('NetC', ['not', 'an', 'object']),
            'not a row',
            row('NetD', { 'Top 1 Accuracy': '0.801' }, { paper_date: 'last spring', paper_url: 42 }),
          ],
        },
        subdatasets: [{ subdataset: 'ImageNet ReaL', sota: { rows: [row('NetA', { 'Top 1 Accuracy': '90.1' })] } }],
      },
      { description: 'a dataset without a name', sota: { rows: [row('NetZ', { Accuracy: '1' })] } },
    ],
    subtasks: [
      {
        task: 'Few-Shot Image Classification',
        datasets: [{ dataset: 'ImageNet', sota: { rows: [row('NetA', { 'Top 1 Accuracy': '40.0%' })] } }],
        subtasks: [],
      },
    ],
  },
  { categories: ['a task without a name'], datasets: [{ dataset: 'X', sota: { rows: [row('NetY', { Accuracy: '1' })] } }] },
  { task: 'Parity', datasets: [{ dataset: 'Bits', sota: { rows: [row('NetE', { Accuracy: null, Loss: { mean: 1 } }), { model_name: 'NetF' }] } }] },
];

describe('the pwc importer', function () {
  let dir: string;
  let file: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-pwc-'));
    file = path.join(dir, 'evaluation-tables.json');
    fs.writeFileSync(file, JSON.stringify(TABLES, null, 2));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every good row of tasks, subtasks and subdatasets, with its paper, values and text as published', async function () {
    const { runs } = await drain(pwcImporter, file);
    const seen = runs.map((r) => [r.reported?.task, r.datasets[0].name, r.name]);
    assert.deepEqual(seen, [
      ['Image Classification', 'ImageNet', 'NetA'],
      ['Image Classification', 'ImageNet', 'NetB'],
      ['Image Classification', 'ImageNet', 'NetD'],
      ['Image Classification', 'ImageNet ReaL', 'NetA'],
      ['Few-Shot Image Classification', 'ImageNet', 'NetA'],
    ]);
    const netA = runs[0];
    assert.equal(netA.source.tracker, 'pwc');
    assert.equal(netA.source.location, 'evaluation-tables.json');
    assert.deepEqual(netA.reported?.publication, { title: 'NetA: a paper', url: 'https://arxiv.org/abs/2101.00004v2', date: '2021-01-05', arxiv: '2101.00004' });
    assert.deepEqual(netA.reported?.values, { 'Top 1 Accuracy': { raw: '88.5%', value: 0.885 }, 'Number of params': { raw: '1.2M', value: 1_200_000 } });
    assert.equal(netA.reported?.usesAdditionalData, true);
    assert.deepEqual(netA.reported?.codeLinks, ['https://example.org/NetA']);
    // Unparseable text is kept without a number; the other values of the row stay.
    assert.deepEqual(runs[1].reported?.values, { 'Top 1 Accuracy': { raw: 'n/a' }, 'Number of params': { raw: '25,600', value: 25_600 } });
    // A bad date or URL is left out, the row kept.
    assert.deepEqual(runs[2].reported?.publication, { title: 'NetD: a paper', url: undefined, date: undefined });
  });

  it('names the file, task, dataset, row and field of each malformed part, and skips only that part', async function () {
    const { issues } = await drain(pwcImporter, file);
    const got = issues.map((i) => ({ code: i.code, severity: i.severity, path: i.path.join('/'), file: i.file }));
    const at = (code: string, severity: string, p: string) => ({ code, severity, path: p, file });
    assert.deepEqual(got, [
      at('invalid_row', 'error', '0/datasets/0/sota/rows/1/model_name'),
      at('unparsed_value', 'warning', '0/datasets/0/sota/rows/2/metrics/Top 1 Accuracy'),
      at('invalid_row', 'error', '0/datasets/0/sota/rows/3/metrics'),
      at('invalid_row', 'error', '0/datasets/0/sota/rows/4/model_name'),
      at('invalid_field', 'warning', '0/datasets/0/sota/rows/5/paper_url'),
      at('invalid_field', 'warning', '0/datasets/0/sota/rows/5/paper_date'),
      at('invalid_dataset', 'error', '0/datasets/1/dataset'),
      at('invalid_task', 'error', '1/task'),
      at('invalid_value', 'warning', '2/datasets/0/sota/rows/0/metrics/Loss'),
      at('no_values', 'warning', '2/datasets/0/sota/rows/0/metrics'),
      at('no_values', 'warning', '2/datasets/0/sota/rows/1/metrics'),
    ]);
    const message = (p: string) => issues.find((i) => i.path.join('/') === p)!.message;
    assert.match(message('0/datasets/0/sota/rows/2/metrics/Top 1 Accuracy'), /task "Image Classification", dataset "ImageNet", row 2 \(NetB\): metrics."Top 1 Accuracy" "n\/a" is not a number; kept as text/);
    assert.match(message('0/datasets/0/sota/rows/1/model_name'), /task "Image Classification", dataset "ImageNet", row 1: no "model_name"; row skipped/);
    // A warning about a kept row names the row's id, so the import counts the row as imported.
    const unparsed = issues.find((i) => i.code === 'unparsed_value')!;
    const { runs } = await drain(pwcImporter, file);
    assert.equal(unparsed.run, runs[1].source.runId);
  });

  it('gives a row the same id on every read and a repeated row an id of its own', async function () {
    const twice = [{ task: 'T', datasets: [{ dataset: 'D', sota: { rows: [row('M', { Accuracy: '1' }), row('M', { Accuracy: '2' })] } }] }];
    fs.writeFileSync(file, JSON.stringify(twice));
    const first = (await drain(pwcImporter, file)).runs.map((r) => r.source.runId);
    const second = (await drain(pwcImporter, file)).runs.map((r) => r.source.runId);
    assert.deepEqual(first, second);
    assert.equal(new Set(first).size, 2);
    assert.match(first[0], /^[0-9a-f]{16}$/);
    assert.equal(first[1], `${first[0]}-2`);
  });

  it('reports a file that is not evaluation tables, or not JSON, as one issue', async function () {
    fs.writeFileSync(file, '{"task": "T"}');
    assert.deepEqual((await drain(pwcImporter, file)).issues.map((i) => i.code), ['not_evaluation_tables']);
    fs.writeFileSync(file, '[{"task": "T", "datasets": [');
    assert.deepEqual((await drain(pwcImporter, file)).issues.map((i) => [i.code, i.file]), [['invalid_json', file]]);
  });

  it('refuses a text denser in arrays than evaluation tables before parsing it', async function () {
    fs.writeFileSync(file, `[{"task": "T", "datasets": [${'[],'.repeat(200_000)}[]]}]`);
    const { runs, issues } = await drain(pwcImporter, file);
    assert.equal(runs.length, 0);
    assert.deepEqual(issues.map((i) => i.code), ['json_too_complex']);
  });

  it('stops at tasks nested past its depth limit instead of recursing without end', async function () {
    let task: Record<string, unknown> = { task: 'leaf', datasets: [{ dataset: 'D', sota: { rows: [row('M', { Accuracy: '1' })] } }] };
    for (let i = 0; i < 40; i++) task = { task: `level ${i}`, subtasks: [task] };
    fs.writeFileSync(file, JSON.stringify([task]));
    const { runs, issues } = await drain(pwcImporter, file);
    assert.equal(runs.length, 0);
    assert.deepEqual(issues.map((i) => i.code), ['too_deep']);
  });

  describe('detection', function () {
    it('is chosen for evaluation tables, and the JSON run importer declines them', async function () {
      assert.deepEqual(await pwcImporter.detect(file), { ok: true });
      assert.equal((await jsonImporter.detect(file)).ok, false);
      assert.equal((await detectImporter(file)).id, 'pwc');
    });

    it('declines run records, other JSON arrays and other files, saying why', async function () {
      const runs = path.join(dir, 'runs.json');
      fs.writeFileSync(runs, JSON.stringify([{ source: { tracker: 'json', location: 'x', runId: 'a' } }]));
      assert.deepEqual(await pwcImporter.detect(runs), { ok: false, reason: 'no "task" with "datasets" near the start: not evaluation tables' });
      fs.writeFileSync(runs, '[1, 2, 3]');
      assert.deepEqual(await pwcImporter.detect(runs), { ok: false, reason: 'not a JSON array of objects' });
      assert.deepEqual(await pwcImporter.detect(dir), { ok: false, reason: 'not a file' });
      assert.deepEqual(await pwcImporter.detect(path.join(dir, 'missing.json')), { ok: false, reason: 'no such file' });
    });
  });
});

describe('reading leaderboard values', function () {
  const cases: [string | number, string, number | undefined][] = [
    ['91.3%', 'Accuracy', 0.913],
    ['0.913', 'Accuracy', 0.913],
    ['  76.5 % ', 'Accuracy', 0.765],
    ['96.5', 'Percentage correct', 0.965],
    ['3.1', 'Error (%)', 0.031],
    ['1.2M', 'Params', 1_200_000],
    ['12.5k', 'FLOPs', 12_500],
    ['3B', 'Params', 3_000_000_000],
    ['25,600', 'Params', 25_600],
    ['1e-3', 'Loss', 0.001],
    ['-0.5', 'Score', -0.5],
    ['.5', 'Score', 0.5],
    ['80.1 ± 0.2', 'Accuracy', 80.1],
    ['78.1% (±0.4)', 'Accuracy', 0.781],
    [0.75, 'Accuracy', 0.75],
    [93, 'Percentage correct', 0.93],
    ['-', 'Accuracy', undefined],
    ['N/A', 'Accuracy', undefined],
    ['12/34', 'Accuracy', undefined],
    ['1.2.3', 'Accuracy', undefined],
    ['91.3%%', 'Accuracy', undefined],
    ['1e999', 'Loss', undefined],
  ];
  for (const [raw, metric, expected] of cases) {
    it(`${JSON.stringify(raw)} for ${metric} reads as ${expected}`, function () {
      assert.equal(parseReportedNumber(raw, metric), expected);
    });
  }
});

describe('paper identifiers from URLs', function () {
  const cases: [string, object][] = [
    ['https://arxiv.org/abs/1905.11946v3', { arxiv: '1905.11946' }],
    ['http://arxiv.org/pdf/1512.03385v1.pdf', { arxiv: '1512.03385' }],
    ['https://arxiv.org/abs/cs/0112017', { arxiv: 'cs/0112017' }],
    ['https://doi.org/10.1109/CVPR.2016.90', { doi: '10.1109/CVPR.2016.90' }],
    ['https://dl.acm.org/doi/abs/10.1145/3292500.3330701', { doi: '10.1145/3292500.3330701' }],
    ['https://paperswithcode.com/paper/deep-residual-learning', {}],
    ['https://openreview.net/forum?id=abc', {}],
  ];
  for (const [url, expected] of cases) {
    it(`${url} → ${JSON.stringify(expected)}`, function () {
      assert.deepEqual(publicationIds(url), expected);
    });
  }
});
