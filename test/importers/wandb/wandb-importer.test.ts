import { strict as assert } from 'node:assert';
import { damagedCopies, pseudoRandom } from '../../support/damaged-bytes.js';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Issue } from '../../../src/errors.js';
import type { RunRecordInput } from '../../../src/model/run-record.js';
import { validateRunRecord } from '../../../src/model/run-record.js';
import { wandbImporter } from '../../../src/importers/wandb/wandb-importer.js';
import { configRecord, exitRecord, historyRecord, runRecord, summaryRecord, wandbLog } from './wandb-log-writer.js';

async function importAll(location: string): Promise<{ runs: RunRecordInput[]; issues: Issue[] }> {
  const runs: RunRecordInput[] = [];
  const issues: Issue[] = [];
  for await (const item of wandbImporter.read(location)) {
    if (item.kind === 'run') runs.push(item.record);
    else issues.push(item.issue);
  }
  return { runs, issues };
}

const steps = (r: RunRecordInput, key: string): [number, number][] => r.metrics![key].map((p) => [p.step, p.value]);

describe('wandb importer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-wandb-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function runFolder(id: string, log?: Buffer, files: Record<string, string> = {}, prefix = 'run'): string {
    const d = path.join(dir, 'wandb', `${prefix}-20240101_120000-${id}`);
    fs.mkdirSync(path.join(d, 'files'), { recursive: true });
    if (log) fs.writeFileSync(path.join(d, `run-${id}.wandb`), log);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(d, 'files', name), text);
    return d;
  }

  it('reads history in every step shape, with timestamps, NaN values and nested keys', async () => {
    runFolder('abc123', wandbLog([
      runRecord({ id: 'abc123', project: 'proj', name: 'brisk-fog-1', tags: ['baseline'], startSeconds: 1700000000, host: 'secret-host' }),
      historyRecord([['loss', '0.5'], ['_step', '0'], ['_timestamp', '1700000001.5']]),
      historyRecord([[['loss'], '0.25'], [['_step'], '3'], [['acc'], 'NaN']], 3),
      historyRecord([['loss', 'Infinity'], ['val', '{"a": 1, "img": {"_type": "image-file"}}']], 7),
      historyRecord([['loss', '0.125']]),
      exitRecord(0, 60),
    ]));
    const { runs, issues } = await importAll(dir);
    assert.equal(runs.length, 1);
    const r = runs[0];
    assert.ok(validateRunRecord(r).ok);
    assert.deepEqual(r.source, { tracker: 'wandb', location: 'wandb/run-20240101_120000-abc123', runId: 'abc123' });
    assert.deepEqual(steps(r, 'loss'), [[0, 0.5], [3, 0.25], [7, Infinity], [8, 0.125]]);
    assert.equal(r.metrics!.loss[0].timestamp, 1700000001500);
    assert.ok(Number.isNaN(r.metrics!.acc[0].value));
    assert.deepEqual(steps(r, 'val.a'), [[7, 1]]);
    assert.equal(r.status, 'finished');
    assert.equal(r.name, 'brisk-fog-1');
    assert.deepEqual(r.experiment, { name: 'proj' });
    assert.equal(r.tags!.baseline, '');
    assert.equal(r.startTime, '2023-11-14T22:13:20.000Z');
    assert.equal(r.endTime, '2023-11-14T22:14:20.000Z');
    assert.ok(!JSON.stringify(r).includes('secret-host'));
    assert.match(issues.find((i) => i.code === 'skipped_values')!.message, /^1 /);
  });

  it('starts implicit steps at the starting step of a resumed run', async () => {
    runFolder('res', wandbLog([runRecord({ id: 'res', startingStep: 5 }), historyRecord([['x', '1']]), historyRecord([['x', '2']]), exitRecord(0)]));
    const { runs } = await importAll(dir);
    assert.deepEqual(steps(runs[0], 'x'), [[5, 1], [6, 2]]);
  });

  it('maps exit codes to statuses', async () => {
    runFolder('fail', wandbLog([runRecord({ id: 'fail' }), exitRecord(1)]));
    runFolder('kill', wandbLog([runRecord({ id: 'kill' }), exitRecord(143)]));
    const { runs } = await importAll(dir);
    assert.deepEqual(runs.map((r) => [r.source.runId, r.status]), [['fail', 'failed'], ['kill', 'killed']]);
  });

  it('reassembles a record split over several 32 KiB blocks and reads the records after it', async () => {
    const big = 'x'.repeat(80_000);
    runFolder('big', wandbLog([runRecord({ id: 'big' }), configRecord([['blob', JSON.stringify(big)]]), historyRecord([['y', '4']], 0), exitRecord(0)]));
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(issues, []);
    assert.equal(runs[0].params!.blob.value, big);
    assert.deepEqual(steps(runs[0], 'y'), [[0, 4]]);
  });

  it('reads a truncated log up to the last valid record and marks the run unfinished', async () => {
    const log = wandbLog([runRecord({ id: 'cut' }), historyRecord([['x', '1']], 0), historyRecord([['x', '2']], 1), exitRecord(0)]);
    const exitLength = 7 + exitRecord(0).length;
    runFolder('cut', log.subarray(0, log.length - exitLength - 3));
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(steps(runs[0], 'x'), [[0, 1]]);
    assert.equal(runs[0].status, 'running');
    assert.ok(issues.some((i) => i.code === 'truncated_log' && i.run === 'cut' && i.file!.endsWith('run-cut.wandb')));
    assert.ok(issues.some((i) => i.code === 'unfinished_run'));
  });

  it('reports a bad CRC and skips the rest of that block only', async () => {
    const filler = 'f'.repeat(40_000);
    runFolder('crc', wandbLog([runRecord({ id: 'crc' }), historyRecord([['x', '1']], 0), configRecord([['pad', JSON.stringify(filler)]]), historyRecord([['x', '2']], 1), exitRecord(0)], { corrupt: [1] }));
    const { runs, issues } = await importAll(dir);
    assert.ok(issues.some((i) => i.code === 'bad_record_crc'));
    // Records 1 and the first piece of 2 share block 0; the record after the split one is in block 1.
    assert.deepEqual(steps(runs[0], 'x'), [[1, 2]]);
    assert.equal(runs[0].status, 'finished');
  });

  it('never trusts a declared length beyond its block, and survives random bytes', async () => {
    const header = Buffer.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]);
    const huge = Buffer.from([0, 0, 0, 0, 0xff, 0xff, 1]);
    runFolder('huge', Buffer.concat([header, huge, Buffer.alloc(10)]));
    runFolder('noise', Buffer.concat([header, crypto.randomBytes(100_000)]));
    runFolder('junk', crypto.randomBytes(3000));
    const { runs, issues } = await importAll(dir);
    assert.equal(runs.length, 3);
    assert.ok(issues.some((i) => i.run === 'huge' && i.code === 'bad_record_type'));
    assert.ok(issues.some((i) => i.run === 'junk' && i.code === 'bad_header'));
    assert.ok(issues.some((i) => i.run === 'noise'));
    // Nothing readable: the status stays unknown rather than claiming the run is still going.
    assert.equal(runs.find((r) => r.source.runId === 'junk')!.status, 'unknown');
  });

  it('survives a log cut at every byte and every single-bit flip without throwing', async () => {
    const log = wandbLog([runRecord({ id: 'fz', startSeconds: 1 }), historyRecord([['x', '1']], 0), summaryRecord([['x', '1']]), exitRecord(0, 3)]);
    const d = runFolder('fz');
    const file = path.join(d, 'run-fz.wandb');
    for (const bytes of damagedCopies(log, 7)) {
      fs.writeFileSync(file, bytes);
      const { runs } = await importAll(d);
      assert.equal(runs.length, 1);
      assert.ok(validateRunRecord(runs[0]).ok);
    }
  });

  it('imports well-framed garbage payloads and out-of-range times without throwing', async () => {
    const next = pseudoRandom(777);
    const garbage = Array.from({ length: 400 }, () => Uint8Array.from(Array.from({ length: 1 + (next() % 80) }, () => next() % 256)));
    runFolder('gb', wandbLog([runRecord({ id: 'gb', startSeconds: 2 ** 62 }), historyRecord([['x', '1'], ['_timestamp', '1e300']], 0), ...garbage, exitRecord(0, 2 ** 30)]));
    const { runs } = await importAll(dir);
    assert.ok(validateRunRecord(runs[0]).ok);
    assert.equal(runs[0].startTime, undefined);
    assert.deepEqual(runs[0].metrics!.x[0], { step: 0, value: 1 });
  });

  it('reads config.yaml in both forms, keeps _wandb apart and drops private metadata', async () => {
    runFolder('old', undefined, {
      'config.yaml': 'wandb_version: 1\n\n_wandb:\n  desc: null\n  value:\n    cli_version: 0.12.15\n    python_version: 3.8.10\nlr:\n  desc: null\n  value: 0.001\nmodel:\n  desc: null\n  value:\n    depth: 4\n',
      'wandb-summary.json': '{"best": NaN, "top": Infinity, "_step": 9, "acc": 0.5, "_wandb": {"runtime": 3}}',
      'wandb-metadata.json': JSON.stringify({ python: '3.8.10', program: 'train.py', codePath: 'src/train.py', git: { remote: 'https://github.com/o/r.git', commit: 'abc' }, email: 'me@example.org', host: 'myhost', username: 'me', startedAt: '2022-04-29T20:19:36.123456' }),
      'requirements.txt': 'numpy==1.22.3\nScikit_Learn==1.0.2\n',
    }, 'offline-run');
    runFolder('new', undefined, { 'config.yaml': '_wandb:\n  value:\n    cli_version: 0.24.2\n    e:\n      w1:\n        python: CPython 3.12.3\n        program: /x/main.py\n        email: a@b.c\n        git: {remote: r, commit: c1}\nbatch: {value: 32}\n' });
    const { runs } = await importAll(path.join(dir, 'wandb'));
    const [recent, old] = runs.sort((a, b) => (a.source.runId < b.source.runId ? -1 : 1));
    assert.deepEqual(Object.keys(old.params!).sort(), ['lr', 'model.depth']);
    assert.equal(old.params!.lr.value, 0.001);
    assert.equal(old.params!['model.depth'].value, 4);
    assert.ok(Number.isNaN(old.metrics!.best[0].value));
    assert.deepEqual([old.metrics!.top[0].step, old.metrics!.top[0].value], [9, Infinity]);
    assert.equal(old.environment!.language!.version, '3.8.10');
    assert.deepEqual(old.environment!.libraries, { numpy: '1.22.3', 'scikit-learn': '1.0.2', wandb: '0.12.15' });
    assert.deepEqual(old.code, { repository: 'https://github.com/o/r.git', commit: 'abc', entryPoint: 'src/train.py' });
    assert.equal(old.user, 'me');
    assert.equal(old.startTime, '2022-04-29T20:19:36.123Z');
    assert.equal(old.status, 'unknown');
    const text = JSON.stringify(old);
    assert.ok(!text.includes('me@example.org') && !text.includes('myhost'));
    assert.deepEqual(Object.keys(recent.params!), ['batch']);
    assert.equal(recent.environment!.language!.version, '3.12.3');
    assert.deepEqual(recent.code, { repository: 'r', commit: 'c1', entryPoint: '/x/main.py' });
    assert.ok(!JSON.stringify(recent).includes('a@b.c'));
  });

  it('takes summary records from the log and keeps latest-run out', async () => {
    const d = runFolder('sum', wandbLog([runRecord({ id: 'sum' }), summaryRecord([['score', '2.5']]), exitRecord(0)]));
    fs.symlinkSync(d, path.join(dir, 'wandb', 'latest-run'));
    const { runs } = await importAll(dir);
    assert.equal(runs.length, 1);
    assert.deepEqual(steps(runs[0], 'score'), [[0, 2.5]]);
  });

  it('detects wandb folders and explains why it declines', async () => {
    assert.deepEqual(await wandbImporter.detect(dir), { ok: false, reason: 'no run-* or offline-run-* folder with a .wandb log or files/config.yaml in the folder tree' });
    const d = runFolder('det', wandbLog([runRecord({ id: 'det' })]));
    for (const location of [dir, path.join(dir, 'wandb'), d, path.join(d, 'run-det.wandb')]) {
      assert.deepEqual(await wandbImporter.detect(location), { ok: true }, location);
    }
    const single = await importAll(path.join(d, 'run-det.wandb'));
    assert.equal(single.runs[0].source.runId, 'det');
    // A log imported on its own is the one read, even beside another log.
    fs.writeFileSync(path.join(d, 'run-zzz.wandb'), wandbLog([runRecord({ id: 'zzz' })]));
    assert.equal((await importAll(path.join(d, 'run-zzz.wandb'))).runs[0].source.runId, 'zzz');
  });
});
