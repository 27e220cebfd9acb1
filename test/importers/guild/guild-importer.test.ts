import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Issue } from '../../../src/errors.js';
import type { RunRecordInput } from '../../../src/model/run-record.js';
import { validateRunRecord } from '../../../src/model/run-record.js';
import { guildImporter } from '../../../src/importers/guild/guild-importer.js';
import { parseOpref } from '../../../src/importers/guild/run-attrs.js';
import { event, frame, writeEvents } from '../tensorboard/tfevents-writer.js';

async function importAll(location: string): Promise<{ runs: RunRecordInput[]; issues: Issue[] }> {
  const runs: RunRecordInput[] = [];
  const issues: Issue[] = [];
  for await (const item of guildImporter.read(location)) {
    if (item.kind === 'run') runs.push(item.record);
    else issues.push(item.issue);
  }
  return { runs, issues };
}

describe('guild importer', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-guild-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function makeRun(where: string, id: string, attrs: Record<string, string>, extra: Record<string, string> = {}): string {
    const dir = path.join(home, where, id);
    fs.mkdirSync(path.join(dir, '.guild', 'attrs'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.guild', 'opref'), "guildfile:/proj/with\\ space 7253deea mnist train\n");
    for (const [name, text] of Object.entries(attrs)) fs.writeFileSync(path.join(dir, '.guild', 'attrs', name), text);
    for (const [name, content] of Object.entries(extra)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  it('keeps a run whose started time or flags are malformed, and says which attr was dropped', async () => {
    makeRun('runs', 'b'.repeat(32), { flags: '- not\n- a mapping\n', started: 'yesterday\n', exit_status: '0' });
    const { runs, issues } = await importAll(home);
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0].params, {});
    assert.equal(runs[0].startTime, undefined);
    assert.deepEqual(issues.map((i) => [i.code, path.basename(i.file!), i.severity]).sort(), [['invalid_flags', 'flags', 'warning'], ['invalid_time', 'started', 'warning']]);
  });

  it('parses oprefs with shell quoting', () => {
    assert.deepEqual(parseOpref("test: '' '' train"), { pkgType: 'test', pkgName: '', pkgVersion: '', model: '', op: 'train' });
    assert.deepEqual(parseOpref('guildfile:/foo/project\\ with\\ spaces abc test go'), { pkgType: 'guildfile', pkgName: '/foo/project with spaces', pkgVersion: 'abc', model: 'test', op: 'go' });
    assert.equal(parseOpref('only three fields'), undefined);
  });

  it('reads flags, times in microseconds, label, tags, user, output size and scalars of a completed run', async () => {
    const id = 'a'.repeat(32);
    const dir = makeRun('runs', id, {
      flags: 'lr: 0.01\nepochs: 10\nwhole: 1.0\nname: "007"\nopt: null\n',
      started: '1662041973883753\n',
      stopped: '1662041974186402',
      exit_status: '0',
      label: 'lr=0.01',
      tags: '- red\n- Red\n',
      user: 'ann\n',
      host: 'private-host\n',
      platform: 'python_version: 3.10.4 (main, Jun 29 2022)\n',
      pip_freeze: '- numpy==1.23.1\n- PyYAML==6.0\n',
      vcs_commit: 'git:0123abcd\n',
    }, { '.guild/output': 'hello\nworld\n' });
    writeEvents(path.join(dir, '.guild', 'events.out.tfevents.1.host.1.0'), [frame(event({ values: [{ tag: 'loss', simple: 0.5 }] }))]);
    fs.mkdirSync(path.join(dir, 'logs'));
    writeEvents(path.join(dir, 'logs', 'events.out.tfevents.2.host'), [frame(event({ wallTime: 1662041974, step: 3, values: [{ tag: 'acc', simple: 0.75 }] }))]);
    const { runs, issues } = await importAll(home);
    assert.deepEqual(issues, []);
    const r = runs[0];
    assert.ok(validateRunRecord(r).ok);
    assert.deepEqual(r.source, { tracker: 'guild', location: `runs/${id}`, runId: id });
    assert.deepEqual(r.experiment, { name: 'mnist:train' });
    assert.equal(r.status, 'finished');
    assert.equal(r.startTime, '2022-09-01T14:19:33.883Z');
    assert.equal(r.endTime, '2022-09-01T14:19:34.186Z');
    assert.deepEqual(Object.fromEntries(Object.entries(r.params!).map(([k, v]) => [k, [v.type, v.value]])), {
      lr: ['float', 0.01], epochs: ['integer', 10], whole: ['float', 1], name: ['integer', 7], opt: ['null', null],
    });
    // A number quoted in YAML is still a number, as MLflow's text params are; the text is kept.
    assert.equal(r.params!.name.raw, '007');
    assert.equal(r.name, 'lr=0.01');
    assert.equal(r.user, 'ann');
    assert.equal(r.tags!.red, '');
    assert.equal(r.tags!.Red, '');
    assert.equal(r.tags!['guild.status'], 'completed');
    assert.deepEqual(r.artifacts, [{ path: '.guild/output', size: 12 }]);
    assert.deepEqual(r.code, { commit: '0123abcd' });
    assert.deepEqual(r.environment, { language: { name: 'python', version: '3.10.4' }, libraries: { numpy: '1.23.1', pyyaml: '6.0' } });
    // No wall time in Guild's own events: the run start stands in.
    assert.deepEqual(r.metrics!.loss, [{ step: 0, value: 0.5, timestamp: Date.parse('2022-09-01T14:19:33.883Z') }]);
    assert.deepEqual(r.metrics!.acc, [{ step: 3, value: 0.75, timestamp: 1662041974000 }]);
    assert.ok(!JSON.stringify(r).includes('private-host'));
  });

  it('derives the status as Guild does: markers, exit status, then the lock', async () => {
    makeRun('runs', 'remote', { exit_status: '0' }, { '.guild/LOCK.remote': '' });
    makeRun('runs', 'pending', { exit_status: '1' }, { '.guild/PENDING': '' });
    makeRun('runs', 'staged', {}, { '.guild/STAGED': '' });
    makeRun('runs', 'terminated', { exit_status: '-16' });
    makeRun('runs', 'error', { exit_status: '2' });
    makeRun('runs', 'live', {}, { '.guild/LOCK': String(process.pid) });
    makeRun('runs', 'dead', {}, { '.guild/LOCK': '999999999' });
    makeRun('runs', 'nolock', {});
    const { runs } = await importAll(home);
    const status = Object.fromEntries(runs.map((r) => [r.source.runId, [r.status, r.tags!['guild.status']]]));
    assert.deepEqual(status, {
      remote: ['running', 'running'], pending: ['unknown', 'pending'], staged: ['unknown', 'staged'],
      terminated: ['killed', 'terminated'], error: ['failed', 'error'], live: ['running', 'running'],
      dead: ['failed', 'error'], nolock: ['failed', 'error'],
    });
  });

  it('marks runs in trash/runs as deleted and ignores copied upstream runs inside a run', async () => {
    const up = makeRun('trash/runs', 'b'.repeat(32), { exit_status: '0' });
    writeEvents(path.join(up, '.guild', 'events.out.tfevents.1.h'), [frame(event({ values: [{ tag: 'up', simple: 1 }] }))]);
    const down = makeRun('runs', 'c'.repeat(32), { exit_status: '0', deps: `target:\n  target:\n    config: ${'b'.repeat(32)}\n    paths: [x]\n` });
    fs.cpSync(path.join(up, '.guild'), path.join(down, 'target', '.guild'), { recursive: true });
    const { runs } = await importAll(home);
    const deleted = runs.find((r) => r.source.runId === 'b'.repeat(32))!;
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.source.location, `trash/runs/${'b'.repeat(32)}`);
    const downstream = runs.find((r) => r.source.runId === 'c'.repeat(32))!;
    assert.equal(downstream.deleted, false);
    assert.deepEqual(downstream.metrics, {});
    assert.equal(downstream.tags!['guild.upstream_runs'], 'b'.repeat(32));
  });

  it('reports bad YAML, a bad opref, an id mismatch and broken event files, and still imports the run', async () => {
    const dir = makeRun('runs', 'bad', { flags: 'a: [1, 2\n', exit_status: '0', id: 'other' });
    fs.writeFileSync(path.join(dir, '.guild', 'opref'), 'nonsense');
    fs.writeFileSync(path.join(dir, '.guild', 'events.out.tfevents.1.h'), Buffer.from([1, 2, 3]));
    const { runs, issues } = await importAll(home);
    assert.equal(runs.length, 1);
    assert.deepEqual(issues.map((i) => i.code).sort(), ['invalid_opref', 'invalid_yaml', 'mismatched_run_id', 'truncated_record']);
    assert.ok(issues.every((i) => i.run === 'bad' && i.file !== undefined));
  });

  it('leaves out times no date can hold', async () => {
    makeRun('runs', 'far', { started: '99999999999999999999999', stopped: '-5', exit_status: '0' });
    const { runs } = await importAll(home);
    assert.ok(validateRunRecord(runs[0]).ok);
    assert.equal(runs[0].startTime, undefined);
    assert.equal(runs[0].endTime, undefined);
  });

  it('accepts a home, a runs folder or one run, and says why it declines', async () => {
    assert.deepEqual(await guildImporter.detect(home), { ok: false, reason: 'no run folder with .guild/opref or .guild/attrs in the folder tree' });
    const dir = makeRun('runs', 'one', { exit_status: '0' });
    for (const location of [home, path.join(home, 'runs'), dir]) assert.deepEqual(await guildImporter.detect(location), { ok: true });
    const single = await importAll(dir);
    assert.deepEqual(single.runs.map((r) => r.source.location), ['one']);
  });
});
