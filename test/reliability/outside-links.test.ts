/**
 * Symbolic links leaving the imported folder, for every file of every importer's minimal source: by
 * default what they lead to is not read (the link and the file it stood for are reported, the rest
 * imports); with followOutsideLinks it is read, with the link still reported.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchDirectory, runCli } from './support/cli-process.js';
import { namesFile, watchedRead } from './support/run-importer.js';
import { registeredLayouts } from './support/source-layouts.js';

describe('symbolic links leading outside the imported folder', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('outside');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes the layout, moves `target` outside the source and leaves a symlink to it in its place. */
  const linkedSource = (layout: ReturnType<typeof registeredLayouts>[number]['layout'], target: string, asFolder = false) => {
    const root = fs.mkdtempSync(path.join(dir, `${layout.importer}-`));
    const location = layout.write(root);
    const outside = fs.mkdtempSync(path.join(dir, 'outside-'));
    // A folder link replaces the folder holding the file, so the file is reached through a linked folder.
    const moved = asFolder ? path.dirname(path.join(root, target)) : path.join(root, target);
    const away = path.join(outside, path.basename(moved));
    fs.renameSync(moved, away);
    fs.symlinkSync(away, moved);
    return { root, location, link: moved, away, file: path.join(root, target) };
  };

  for (const { layout, importer } of registeredLayouts()) {
    for (const target of layout.targets) {
      describe(`${layout.importer}: ${target.file}`, () => {
        let baseline: unknown[];
        before(async function () {
          const root = fs.mkdtempSync(path.join(dir, `${layout.importer}-`));
          const location = layout.write(root);
          if (path.resolve(location) === path.join(root, target.file)) this.skip(); // the file the user named: always read
          const intact = await watchedRead(importer, location);
          baseline = intact.runs;
          assert.ok(baseline.length > 0, `the intact ${layout.importer} source imports no run`);
        });

        it('by default is not read: the link and its target are reported, the file is reported as unreadable, the rest imports', async () => {
          const { location, link, away } = linkedSource(layout, target.file);
          const result = await watchedRead(importer, location);
          assert.equal(result.crash, undefined, `${layout.importer} threw: ${result.crash?.stack}`);
          assert.equal(result.timedOut, false);
          const linkIssue = result.issues.find((i) => i.code === 'link_outside_source');
          assert.ok(linkIssue, `no link_outside_source issue: ${JSON.stringify(result.issues)}`);
          assert.equal(linkIssue.file, link);
          assert.ok(linkIssue.message.includes(away) && /not followed/.test(linkIssue.message), linkIssue.message);
          // The importer's own issue names the file it could not read.
          const own = result.issues.filter((i) => i.code !== 'link_outside_source' && namesFile(i, target.file));
          assert.ok(own.length > 0, `no importer issue names ${target.file}: ${JSON.stringify(result.issues)}`);
          assert.notDeepEqual(result.runs, baseline, `${layout.importer} imported the same records as if it had read ${target.file}`);
        });

        it('is not read through a linked folder either', async function () {
          // Each layout's source is the first folder of its paths: linking that one is naming the outside folder itself.
          if (path.posix.dirname(target.file).split('/').length < 2) this.skip();
          const { location, link } = linkedSource(layout, target.file, true);
          const result = await watchedRead(importer, location);
          assert.equal(result.crash, undefined, `${layout.importer} threw: ${result.crash?.stack}`);
          assert.ok(result.issues.some((i) => i.code === 'link_outside_source' && i.file === link));
          assert.notDeepEqual(result.runs, baseline);
        });

        it('with followOutsideLinks is read as it stands, and the link is still reported', async () => {
          const { location, link } = linkedSource(layout, target.file);
          const result = await watchedRead({ ...importer, read: (l, o) => importer.read(l, { ...o, followOutsideLinks: true }) }, location);
          assert.equal(result.crash, undefined, `${layout.importer} threw: ${result.crash?.stack}`);
          assert.deepEqual(result.runs, baseline);
          const linkIssue = result.issues.find((i) => i.code === 'link_outside_source');
          assert.equal(linkIssue?.file, link);
          assert.match(linkIssue!.message, /read as it stands/);
        });
      });
    }
  }

  it('json: the file the user named is read even when it is a link to another folder', async () => {
    const { layout, importer } = registeredLayouts().find((l) => l.layout.importer === 'json')!;
    const root = fs.mkdtempSync(path.join(dir, 'json-'));
    const real = layout.write(root);
    const linked = path.join(fs.mkdtempSync(path.join(dir, 'elsewhere-')), 'runs.jsonl');
    fs.symlinkSync(real, linked);
    const result = await watchedRead(importer, linked);
    assert.deepEqual(result.runs, (await watchedRead(importer, real)).runs);
    assert.deepEqual(result.issues, []);
  });

  it('openml: a document in the folder that links outside it is not read, and is reported', async () => {
    const { layout, importer } = registeredLayouts().find((l) => l.layout.importer === 'openml')!;
    const root = fs.mkdtempSync(path.join(dir, 'openml-'));
    const file = layout.write(root);
    const folder = path.dirname(file);
    const inside = await watchedRead(importer, folder);
    assert.equal(inside.runs.length, 1);
    const away = path.join(fs.mkdtempSync(path.join(dir, 'outside-')), 'run-7.xml');
    fs.renameSync(file, away);
    fs.symlinkSync(away, file);
    const refused = await watchedRead(importer, folder);
    assert.equal(refused.runs.length, 0);
    assert.ok(refused.issues.some((i) => i.code === 'link_outside_source' && i.file === file && i.message.includes(away)));
    assert.ok(refused.issues.some((i) => i.code === 'unreadable_file' && i.file === 'run-7.xml'), JSON.stringify(refused.issues));
    const followed = await watchedRead({ ...importer, read: (l, o) => importer.read(l, { ...o, followOutsideLinks: true }) }, folder);
    assert.deepEqual(followed.runs, inside.runs);
  });

  it('an MLflow artifact folder named by an absolute path outside the store is not listed, and is reported', async () => {
    const { layout, importer } = registeredLayouts().find((l) => l.layout.importer === 'mlflow')!;
    const root = fs.mkdtempSync(path.join(dir, 'mlflow-'));
    const location = layout.write(root);
    const artifacts = fs.mkdtempSync(path.join(dir, 'artifacts-'));
    fs.writeFileSync(path.join(artifacts, 'secret.bin'), 'x');
    const meta = path.join(root, layout.targets.find((t) => /[0-9a-f]{32}\/meta\.yaml$/.test(t.file))!.file);
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/artifact_uri: .*/, `artifact_uri: file://${artifacts}`));
    const refused = await watchedRead(importer, location);
    assert.equal(refused.runs.length, 1);
    assert.ok(!JSON.stringify(refused.runs).includes('secret.bin'));
    assert.ok(refused.issues.some((i) => i.code === 'outside_source' && i.file === artifacts), JSON.stringify(refused.issues));
    const followed = await watchedRead({ ...importer, read: (l, o) => importer.read(l, { ...o, followOutsideLinks: true }) }, location);
    assert.ok(JSON.stringify(followed.runs).includes('secret.bin'));
  });

  it('rungraph import skips what an outside link leads to unless --follow-outside-links is given', async () => {
    const source = path.join(dir, 'cli-source');
    fs.mkdirSync(source);
    const run = path.join(source, '1');
    fs.mkdirSync(run);
    fs.writeFileSync(path.join(run, 'run.json'), JSON.stringify({ experiment: { name: 'exp' }, status: 'COMPLETED' }));
    const config = path.join(dir, 'cli-config.json');
    fs.writeFileSync(config, JSON.stringify({ lr: 0.123456 }));
    fs.symlinkSync(config, path.join(run, 'config.json'));
    const archive = path.join(dir, 'cli-archive');
    const plain = await runCli(['--archive', archive, 'import', source]);
    assert.equal(plain.code, 4, plain.stderr); // completed with issues
    assert.match(plain.stdout, /imported 1,/);
    assert.match(plain.stderr, /warning: .*config\.json: .*symbolic link to .*cli-config\.json.*not followed/);
    const before = await runCli(['--archive', archive, 'export', '--format', 'nquads']);
    assert.ok(!before.stdout.includes('0.123456'), 'the linked config was read');
    const followed = await runCli(['--archive', archive, 'import', '--follow-outside-links', source]);
    assert.match(followed.stdout, /updated 1,/);
    assert.match(followed.stderr, /read as it stands/);
    const after = await runCli(['--archive', archive, 'export', '--format', 'nquads']);
    assert.ok(after.stdout.includes('0.123456'), 'the linked config was not read with --follow-outside-links');
  });
});
