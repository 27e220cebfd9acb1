import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSacredImporter, sacredImporter } from '../../../src/importers/sacred/sacred-importer.js';
import { drain } from '../../support/drain-importer.js';

const NOW = Date.parse('2024-03-01T12:00:00Z');
const importer = createSacredImporter({ now: () => NOW, staleHeartbeatMs: 60 * 60 * 1000 });

function runJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    artifacts: ['model.pt'],
    command: 'main',
    experiment: {
      base_dir: '/somewhere',
      dependencies: ['NumPy==1.26.3', 'sacred==0.8.5'],
      mainfile: 'train.py',
      name: 'exp-a',
      repositories: [{ commit: 'abc123', dirty: false, url: 'https://example.org/repo.git' }],
      sources: [['train.py', '_sources/train_0123456789abcdef0123456789abcdef.py']],
    },
    heartbeat: '2024-03-01T10:00:05.123456',
    host: { hostname: 'secret-host.example', python_version: '3.11.4', cpu: 'x', ENV: { HOME: '/home/me' } },
    meta: { command: 'main', comment: 'first try', named_configs: [], options: {} },
    resources: [['/data/train.csv', 'runs/_resources/train_9c245717ccc76eae8c24740276bb1775.csv']],
    result: null,
    start_time: '2024-03-01T10:00:00.5',
    status: 'COMPLETED',
    stop_time: '2024-03-01T10:00:06',
    ...overrides,
  };
}

describe('sacred importer', () => {
  let base: string;
  const write = (rel: string, content: unknown): void => {
    const file = path.join(base, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-sacred-'));
    write('_sources/train_0123456789abcdef0123456789abcdef.py', 'print(1)');
    write('_resources/train_9c245717ccc76eae8c24740276bb1775.csv', 'a,b');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('detects an observer folder and a single run folder, and says why it declines others', async () => {
    write('1/run.json', runJson());
    assert.deepEqual(await sacredImporter.detect(base), { ok: true });
    assert.deepEqual(await sacredImporter.detect(path.join(base, '1')), { ok: true });
    const other = await sacredImporter.detect(path.join(base, '_sources'));
    assert.equal(other.ok, false);
    assert.match((other as { reason: string }).reason, /no run\.json/);
    assert.deepEqual(await sacredImporter.detect(path.join(base, 'nope')), { ok: false, reason: 'not a directory' });
  });

  it('reads status, times, code, libraries, resources, artifacts and leaves the host out', async () => {
    write('1/run.json', runJson());
    write('1/config.json', '{}');
    write('1/model.pt', 'xyz');
    const { runs, issues } = await drain(importer, base);
    assert.deepEqual(issues, []);
    assert.equal(runs.length, 1);
    const run = runs[0];
    assert.deepEqual(run.source, { tracker: 'sacred', location: '1', runId: 'exp-a/1' });
    assert.equal(run.status, 'finished');
    assert.equal(run.startTime, '2024-03-01T10:00:00.500Z');
    assert.equal(run.endTime, '2024-03-01T10:00:06.000Z');
    assert.deepEqual(run.code, { repository: 'https://example.org/repo.git', commit: 'abc123', entryPoint: 'train.py' });
    assert.deepEqual(run.environment?.libraries, { numpy: '1.26.3', sacred: '0.8.5' });
    assert.deepEqual(run.environment?.language, { name: 'python', version: '3.11.4' });
    assert.deepEqual(run.datasets, [{ name: 'train.csv', source: '/data/train.csv', digest: '9c245717ccc76eae8c24740276bb1775', context: 'resource' }]);
    assert.deepEqual(run.artifacts, [{ path: 'model.pt', size: 3 }]);
    assert.equal(run.tags['sacred.comment'], 'first try');
    assert.doesNotMatch(JSON.stringify(run), /secret-host|\/home\/me/);
  });

  it('flattens config with dots, keeps jsonpickle objects whole and floats written as 48.0', async () => {
    write('1/run.json', runJson());
    write('1/model.pt', '');
    write('1/config.json', '{"seed": 42, "layers": 48.0, "opt": {"lr": 0.1, "betas": [0.9, 0.99], "inner": {"x": true}},\n "obj": {"py/object": "mod.Cls", "py/state": {"a": 1}}, "empty": {}}');
    const [run] = (await drain(importer, base)).runs;
    assert.deepEqual(run.params.seed, { type: 'integer', value: 42, raw: '42' });
    assert.deepEqual(run.params.layers, { type: 'float', value: 48, raw: '48.0' });
    assert.deepEqual(run.params['opt.lr'], { type: 'float', value: 0.1, raw: '0.1' });
    assert.equal(run.params['opt.betas'].type, 'list');
    assert.deepEqual(run.params['opt.betas'].value, [0.9, 0.99]);
    assert.deepEqual(run.params['opt.inner.x'], { type: 'boolean', value: true, raw: 'true' });
    assert.equal(run.params.obj.type, 'object');
    assert.deepEqual(run.params.obj.value, { 'py/object': 'mod.Cls', 'py/state': { a: 1 } });
    assert.deepEqual(run.params.empty.value, {});
    assert.equal(run.params['obj.py/object'], undefined);
  });

  it('reads parallel metric arrays, NaN tokens included, and names the pickled result class', async () => {
    write('1/run.json', runJson({ artifacts: [], result: { 'py/object': 'pkg.models.Net', 'py/state': {} } }));
    write('1/metrics.json', '{"loss": {"steps": [0, 1], "timestamps": ["2024-03-01T10:00:01", "2024-03-01T10:00:02.25"], "values": [NaN, 0.5]}}');
    const [run] = (await drain(importer, base)).runs;
    assert.equal(run.implementation, 'pkg.models.Net');
    assert.equal(run.metrics.loss.length, 2);
    assert.ok(Number.isNaN(run.metrics.loss[0].value));
    assert.deepEqual(run.metrics.loss[1], { step: 1, value: 0.5, timestamp: Date.parse('2024-03-01T10:00:02.250Z') });
  });

  it('reports a RUNNING run with a stale heartbeat as killed, and a fresh one as running', async () => {
    write('1/run.json', runJson({ artifacts: [], status: 'RUNNING', stop_time: undefined, heartbeat: '2024-03-01T10:00:05' }));
    write('2/run.json', runJson({ artifacts: [], status: 'RUNNING', stop_time: undefined, heartbeat: '2024-03-01T11:59:00' }));
    write('1/config.json', '{}');
    write('2/config.json', '{}');
    const { runs, issues } = await drain(importer, base);
    assert.equal(runs[0].status, 'killed');
    assert.equal(runs[0].endTime, '2024-03-01T10:00:05.000Z');
    assert.equal(runs[0].tags['sacred.status'], 'RUNNING');
    assert.equal(runs[1].status, 'running');
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'stale_heartbeat');
    assert.equal(issues[0].file, '1/run.json');
    assert.equal(issues[0].run, 'exp-a/1');
    const lenient = createSacredImporter({ now: () => NOW, staleHeartbeatMs: 3 * 60 * 60 * 1000 });
    assert.equal((await drain(lenient, base)).runs[0].status, 'running');
  });

  it('maps FAILED and INTERRUPTED, keeps the last traceback line', async () => {
    write('1/run.json', runJson({ artifacts: [], status: 'FAILED', fail_trace: ['Traceback\n', 'ValueError: bad\n'] }));
    write('2/run.json', runJson({ artifacts: [], status: 'INTERRUPTED' }));
    write('3/run.json', runJson({ artifacts: [], status: 'QUEUED', start_time: undefined, stop_time: undefined, heartbeat: null }));
    const { runs } = await drain(importer, base);
    assert.deepEqual(runs.map((r) => r.status), ['failed', 'killed', 'unknown']);
    assert.equal(runs[0].tags['sacred.error'], 'ValueError: bad');
  });

  it('reports bad files by name and still imports the other runs', async () => {
    write('1/run.json', '{"experiment": {"name": "x"}, "status": "COMPL');
    write('2/run.json', runJson({ artifacts: [], start_time: 12 }));
    write('2/config.json', '[1, 2]');
    write('2/metrics.json', '{"loss": {"steps": [1, 2.5, 3], "timestamps": [], "values": [1, 2]}}');
    write('3/config.json', '{}');
    write('4/run.json', runJson({ artifacts: [] }));
    write('4/info.json', '{"note": "ok", "deep": {"n": 3}}');
    const { runs, issues } = await drain(importer, base);
    assert.deepEqual(runs.map((r) => r.source.location), ['2', '4']);
    const byFile = (file: string): string[] => issues.filter((i) => i.file === file).map((i) => i.code);
    assert.deepEqual(byFile('1/run.json'), ['invalid_json']);
    assert.equal(issues.find((i) => i.file === '1/run.json')?.severity, 'error');
    assert.deepEqual(byFile('2/run.json'), ['invalid_date']);
    assert.deepEqual(byFile('2/config.json'), ['invalid_type']);
    assert.deepEqual(byFile('2/metrics.json'), ['length_mismatch', 'invalid_type']);
    assert.deepEqual(byFile('3/run.json'), ['missing_file']);
    assert.deepEqual(byFile('4/config.json'), ['missing_file']);
    assert.deepEqual(runs[0].metrics.loss, [{ step: 1, value: 1 }]);
    assert.equal(runs[0].startTime, undefined);
    assert.deepEqual({ note: runs[1].tags['info.note'], n: runs[1].tags['info.deep.n'] }, { note: 'ok', n: '3' });
  });

  it('never treats _sources or _resources as runs', async () => {
    write('_sources/run.json', runJson());
    write('7/run.json', runJson({ artifacts: [] }));
    const { runs } = await drain(importer, base);
    assert.deepEqual(runs.map((r) => r.source.location), ['7']);
  });
});
