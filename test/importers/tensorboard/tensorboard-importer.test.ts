import { strict as assert } from 'node:assert';
import { damagedCopies, pseudoRandom } from '../../support/damaged-bytes.js';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Issue } from '../../../src/errors.js';
import type { ImportItem } from '../../../src/importers/importer.js';
import type { RunRecordInput } from '../../../src/model/run-record.js';
import { validateRunRecord } from '../../../src/model/run-record.js';
import { tensorboardImporter } from '../../../src/importers/tensorboard/tensorboard-importer.js';
import { maskedCrc32c } from '../../../src/importers/tensorboard/tfrecord.js';
import { event, frame, hparamsEnd, hparamsStart, writeEvents } from './tfevents-writer.js';

async function importAll(location: string): Promise<{ runs: RunRecordInput[]; issues: Issue[] }> {
  const items: ImportItem[] = [];
  for await (const item of tensorboardImporter.read(location)) items.push(item);
  return {
    runs: items.flatMap((i) => (i.kind === 'run' ? [i.record] : [])),
    issues: items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : [])),
  };
}

const f32 = (x: number): number => Math.fround(x);

describe('tensorboard importer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-tb-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (name: string): string => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };

  it('computes the masked CRC32C test vector of TensorBoard', () => {
    assert.equal(maskedCrc32c(Buffer.concat([Buffer.from([0x1a, 0x11]), Buffer.from('CRC test, one two')])), 0x5794d08a);
  });

  it('reads legacy simple_value scalars with step and wall time, a missing step being 0', async () => {
    const d = run('a');
    writeEvents(path.join(d, 'events.out.tfevents.1.host'), [
      frame(event({ wallTime: 1700000000.5, fileVersion: 'brain.Event:2' })),
      frame(event({ wallTime: 1700000001.25, values: [{ tag: 'loss', simple: 0.75 }] })),
      frame(event({ wallTime: 1700000002, step: 5, values: [{ tag: 'loss', simple: 0.5 }, { tag: 'acc', simple: 0.9 }] })),
    ]);
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(issues, []);
    assert.equal(runs.length, 1);
    const r = runs[0];
    assert.deepEqual(r.source, { tracker: 'tensorboard', location: 'a', runId: 'a' });
    assert.deepEqual(r.metrics!.loss, [
      { step: 0, value: 0.75, timestamp: 1700000001250 },
      { step: 5, value: 0.5, timestamp: 1700000002000 },
    ]);
    assert.deepEqual(r.metrics!.acc, [{ step: 5, value: f32(0.9), timestamp: 1700000002000 }]);
    assert.equal(r.startTime, new Date(1700000000500).toISOString());
    assert.equal(r.endTime, new Date(1700000002000).toISOString());
    assert.ok(validateRunRecord(r).ok);
  });

  it('leaves the timestamp out when an event has no wall time', async () => {
    const d = run('guildlike');
    writeEvents(path.join(d, 'events.out.tfevents.1.host'), [frame(event({ values: [{ tag: 'x', simple: 2 }] }))]);
    const { runs } = await importAll(dir);
    assert.deepEqual(runs[0].metrics!.x, [{ step: 0, value: 2 }]);
    assert.equal(runs[0].startTime, undefined);
  });

  it('reads tensor scalars in float_val, double_val and tensor_content, with metadata only on the first value', async () => {
    const d = run('tensors');
    const content = Buffer.alloc(4);
    content.writeFloatLE(1.5);
    const doubleContent = Buffer.alloc(8);
    doubleContent.writeDoubleLE(0.1);
    writeEvents(path.join(d, 'events.out.tfevents.2.host.v2'), [
      frame(event({ step: 1, values: [{ tag: 'f', tensor: { dtype: 1, floatVal: 0.25 }, plugin: { name: 'scalars' } }] })),
      frame(event({ step: 2, values: [{ tag: 'f', tensor: { dtype: 1, content } }] })),
      frame(event({ step: 1, values: [{ tag: 'd', tensor: { dtype: 2, doubleVal: 0.1 }, dataClass: 1 }] })),
      frame(event({ step: 2, values: [{ tag: 'd', tensor: { dtype: 2, content: doubleContent } }] })),
      // A text-plugin tensor is counted, not read as a scalar, even on later values without metadata.
      frame(event({ step: 1, values: [{ tag: 't', tensor: { dtype: 7 }, plugin: { name: 'text' } }] })),
      frame(event({ step: 2, values: [{ tag: 't', tensor: { dtype: 1, floatVal: 3 } }] })),
    ]);
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(runs[0].metrics!.f.map((p) => [p.step, p.value]), [[1, 0.25], [2, 1.5]]);
    assert.deepEqual(runs[0].metrics!.d.map((p) => [p.step, p.value]), [[1, 0.1], [2, 0.1]]);
    assert.equal(runs[0].metrics!.t, undefined);
    assert.match(issues.find((i) => i.code === 'skipped_values')!.message, /2 otherTensors/);
  });

  it('reports a scalars-plugin tensor that is not rank 0', async () => {
    const d = run('vector');
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [
      frame(event({ step: 1, values: [{ tag: 'v', tensor: { dtype: 1, floatVal: 1, dims: [1] }, plugin: { name: 'scalars' } }] })),
    ]);
    const { runs, issues } = await importAll(dir);
    assert.equal(runs[0].metrics!.v, undefined);
    assert.equal(issues.find((i) => i.code === 'bad_scalar_tensor')?.run, 'vector');
  });

  it('turns hparams plugin data into parameters and the session end into a status', async () => {
    const d = run('hp');
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [
      frame(event({ values: [{ tag: '_hparams_/session_start_info', tensor: { dtype: 7 }, plugin: { name: 'hparams', content: hparamsStart({ lr: 0.01, optimizer: 'adam', layers: 3, bn: true }) } }] })),
      frame(event({ step: 1, values: [{ tag: 'loss', simple: 1 }] })),
      frame(event({ values: [{ tag: '_hparams_/session_end_info', tensor: { dtype: 7 }, plugin: { name: 'hparams', content: hparamsEnd(1) } }] })),
    ]);
    const { runs } = await importAll(dir);
    const p = runs[0].params!;
    assert.equal(p.lr.value, 0.01);
    assert.equal(p.optimizer.value, 'adam');
    assert.deepEqual([p.layers.type, p.layers.value], ['integer', 3]);
    assert.equal(p.bn.value, true);
    assert.equal(runs[0].status, 'finished');
  });

  it('merges several event files of one folder in file-name order and counts histograms and images', async () => {
    const d = run('multi');
    writeEvents(path.join(d, 'events.out.tfevents.2.h'), [frame(event({ step: 2, values: [{ tag: 'loss', simple: 2 }, { tag: 'h', histo: true }] }))]);
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [frame(event({ step: 1, values: [{ tag: 'loss', simple: 1 }, { tag: 'img', image: true }] }))]);
    fs.writeFileSync(path.join(d, 'notes.txt'), 'not an event file');
    const { runs, issues } = await importAll(dir);
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0].metrics!.loss.map((p) => p.value), [1, 2]);
    assert.match(issues.find((i) => i.code === 'skipped_values')!.message, /1 histograms, 1 images/);
  });

  it('makes one run per folder of a logdir tree, the id being the relative path', async () => {
    for (const name of ['exp1/train', 'exp1/validation', 'exp2']) {
      writeEvents(path.join(run(name), 'events.out.tfevents.1.h'), [frame(event({ step: 1, values: [{ tag: 'x', simple: 1 }] }))]);
    }
    fs.mkdirSync(path.join(dir, 'exp1', 'train', 'plugins', 'profile'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'exp1', 'train', 'plugins', 'profile', 'events.out.tfevents.9.h'), '');
    const { runs } = await importAll(dir);
    assert.deepEqual(runs.map((r) => r.source.runId).sort(), ['exp1/train', 'exp1/validation', 'exp2']);
    const single = await importAll(path.join(dir, 'exp2'));
    assert.deepEqual(single.runs.map((r) => [r.source.runId, r.source.location]), [['exp2', '.']]);
  });

  it('tolerates a truncated last record with a warning and keeps what came before', async () => {
    const d = run('trunc');
    const whole = Buffer.concat([frame(event({ step: 1, values: [{ tag: 'x', simple: 1 }] })), frame(event({ step: 2, values: [{ tag: 'x', simple: 2 }] }))]);
    fs.writeFileSync(path.join(d, 'events.out.tfevents.1.h'), whole.subarray(0, whole.length - 5));
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(runs[0].metrics!.x.map((p) => p.value), [1]);
    const truncated = issues.find((i) => i.code === 'truncated_record')!;
    assert.equal(truncated.severity, 'warning');
    assert.equal(truncated.run, 'trunc');
    assert.match(truncated.file!, /events\.out\.tfevents\.1\.h$/);
  });

  it('skips a record with a bad data CRC and stops at a bad length CRC', async () => {
    const d = run('crc');
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [
      frame(event({ step: 1, values: [{ tag: 'x', simple: 1 }] }), { badDataCrc: true }),
      frame(event({ step: 2, values: [{ tag: 'x', simple: 2 }] })),
      frame(event({ step: 3, values: [{ tag: 'x', simple: 3 }] }), { badLengthCrc: true }),
      frame(event({ step: 4, values: [{ tag: 'x', simple: 4 }] })),
    ]);
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(runs[0].metrics!.x.map((p) => p.step), [2]);
    assert.deepEqual(issues.map((i) => i.code).sort(), ['bad_data_crc', 'bad_length_crc']);
  });

  it('never allocates a huge declared length: it is reported as truncation', async () => {
    const d = run('huge');
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [frame(event({ step: 1 }), { declaredLength: 0xffff_ffff_ffffn })]);
    const { issues } = await importAll(dir);
    assert.match(issues.find((i) => i.code === 'truncated_record')!.message, /declares 281474976710655 data bytes/);
  });

  it('reports random bytes and undecodable events without throwing, and skips unknown fields', async () => {
    const d = run('junk');
    fs.writeFileSync(path.join(d, 'events.out.tfevents.1.random'), crypto.randomBytes(5000));
    writeEvents(path.join(d, 'events.out.tfevents.2.bad'), [
      frame(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])),
      frame(event({ step: 7, values: [{ tag: 'y', simple: 7 }], unknownField: true })),
    ]);
    const { runs, issues } = await importAll(dir);
    assert.deepEqual(runs[0].metrics!.y.map((p) => p.step), [7]);
    assert.ok(issues.some((i) => i.code === 'bad_length_crc' && i.file!.endsWith('random')));
    assert.ok(issues.some((i) => i.code === 'bad_event' && i.file!.endsWith('bad')));
  });

  it('survives a file cut at every byte and every single-bit flip without throwing', async () => {
    const d = run('fuzz');
    const file = path.join(d, 'events.out.tfevents.1.h');
    const whole = Buffer.concat([
      frame(event({ wallTime: 1, fileVersion: 'brain.Event:2' })),
      frame(event({ wallTime: 2, step: 1, values: [{ tag: 'x', simple: 1 }, { tag: 't', tensor: { dtype: 1, floatVal: 2 }, plugin: { name: 'scalars' } }] })),
    ]);
    for (const bytes of damagedCopies(whole, 5)) {
      fs.writeFileSync(file, bytes);
      const { runs } = await importAll(d);
      assert.equal(runs.length, 1);
      assert.ok(validateRunRecord(runs[0]).ok);
    }
  });

  it('imports well-framed garbage payloads and out-of-range times as issues, never as a crash', async () => {
    const d = run('garbage');
    const next = pseudoRandom(12345);
    const records: Buffer[] = [frame(event({ wallTime: 1e300, step: 2, values: [{ tag: 'x', simple: 1 }] }))];
    for (let i = 0; i < 400; i++) records.push(frame(Buffer.from(Array.from({ length: 1 + (next() % 64) }, () => next() % 256))));
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), records);
    const { runs } = await importAll(dir);
    assert.ok(validateRunRecord(runs[0]).ok);
    assert.deepEqual(runs[0].metrics!.x[0], { step: 2, value: 1 });
  });

  it('detects event files and says why it declines other sources', async () => {
    assert.deepEqual(await tensorboardImporter.detect(dir), { ok: false, reason: 'no *tfevents* file in the folder tree' });
    assert.equal((await tensorboardImporter.detect(path.join(dir, 'missing'))).ok, false);
    const d = run('x');
    writeEvents(path.join(d, 'events.out.tfevents.1.h'), [frame(event({ step: 1 }))]);
    assert.deepEqual(await tensorboardImporter.detect(dir), { ok: true });
    assert.deepEqual(await tensorboardImporter.detect(path.join(d, 'events.out.tfevents.1.h')), { ok: true });
  });
});
