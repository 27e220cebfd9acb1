import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { outwardLinks } from '../../src/importers/outward-links.js';
import * as sourceFs from '../../src/importers/source-fs.js';

describe('links out of an imported folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-links-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports each link that leaves the folder, naming it and its target, and no other', () => {
    const source = path.join(dir, 'source');
    fs.mkdirSync(path.join(source, 'run', 'params'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'secret'), 'x');
    fs.writeFileSync(path.join(source, 'run', 'inside'), 'y');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(source, 'run', 'params', 'lr'));
    fs.symlinkSync(path.join(source, 'run', 'inside'), path.join(source, 'run', 'alias'));
    fs.symlinkSync(path.join(source, 'run'), path.join(source, 'loop'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(source, 'dangling'));
    const issues = outwardLinks(source);
    assert.deepEqual(issues.map((i) => [i.code, path.relative(source, i.file!), i.severity]), [['link_outside_source', path.join('run', 'params', 'lr'), 'warning']]);
    assert.match(issues[0].message, /secret, outside/);
  });

  it('says nothing about a single file', () => {
    const file = path.join(dir, 'runs.jsonl');
    fs.writeFileSync(file, '');
    assert.deepEqual(outwardLinks(file), []);
  });

  it('says whether a link is followed', () => {
    const source = path.join(dir, 'source');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(dir, 'secret'), 'x');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(source, 'lr'));
    assert.match(outwardLinks(source)[0].message, /not followed/);
    assert.match(outwardLinks(source, true)[0].message, /read as it stands/);
  });
});

describe('file access bounded to the imported folder', () => {
  let dir: string;
  let source: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-bounds-'));
    source = path.join(dir, 'source');
    fs.mkdirSync(path.join(source, 'run'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'away'));
    fs.writeFileSync(path.join(dir, 'away', 'secret'), 'outside');
    fs.writeFileSync(path.join(source, 'run', 'inside'), 'inside');
    fs.symlinkSync(path.join(dir, 'away', 'secret'), path.join(source, 'run', 'file-link'));
    fs.symlinkSync(path.join(dir, 'away'), path.join(source, 'folder-link'));
    fs.symlinkSync(path.join(source, 'run', 'inside'), path.join(source, 'inner-link'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(source, 'dangling'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bounded = <T>(fn: () => T, location = source) => sourceFs.withinSource(sourceFs.sourceBounds(location), fn);
  const refusal = (fn: () => unknown): sourceFs.OutsideSourceError => {
    try {
      fn();
    } catch (e) {
      if (sourceFs.isOutsideSourceError(e)) return e;
      throw e;
    }
    assert.fail('read outside the source');
  };

  it('refuses to open, read, list or stat what a link leads to outside, naming link and target', () => {
    const link = path.join(source, 'run', 'file-link');
    const e = refusal(() => bounded(() => sourceFs.readFileSync(link, 'utf8')));
    assert.equal(e.path, link);
    assert.equal(e.target, fs.realpathSync(path.join(dir, 'away', 'secret')));
    assert.equal(e.code, 'EOUTSIDE');
    refusal(() => bounded(() => sourceFs.openSync(link, 'r')));
    refusal(() => bounded(() => sourceFs.statSync(link)));
    refusal(() => bounded(() => sourceFs.createReadStream(link)));
    refusal(() => bounded(() => sourceFs.readdirSync(path.join(source, 'folder-link'))));
    refusal(() => bounded(() => sourceFs.readFileSync(path.join(source, 'folder-link', 'secret'))));
    refusal(() => bounded(() => sourceFs.statSync(path.join(dir, 'away', 'secret')))); // an absolute path named by a source
  });

  it('reads inside the folder, through links that stay inside, and the file the user named wherever it is', () => {
    assert.equal(bounded(() => sourceFs.readFileSync(path.join(source, 'inner-link'), 'utf8')), 'inside');
    assert.equal(bounded(() => sourceFs.readFileSync(path.join(source, 'run', '..', 'run', 'inside'), 'utf8')), 'inside');
    const named = path.join(source, 'run', 'file-link');
    assert.equal(bounded(() => sourceFs.readFileSync(named, 'utf8'), named), 'outside');
  });

  it('leaves missing and dangling paths to fail as they do, and says a link leading outside exists', () => {
    assert.throws(() => bounded(() => sourceFs.readFileSync(path.join(source, 'dangling'))), { code: 'ENOENT' });
    assert.throws(() => bounded(() => sourceFs.statSync(path.join(source, 'absent'))), { code: 'ENOENT' });
    assert.equal(bounded(() => sourceFs.existsSync(path.join(source, 'run', 'file-link'))), true);
    assert.equal(bounded(() => sourceFs.existsSync(path.join(source, 'absent'))), false);
  });

  it('bounds sources named by sqlite:/// and file: URIs to the folder of the file, and none for a server URL', () => {
    const db = path.join(source, 'mlflow.db');
    fs.writeFileSync(db, '');
    for (const location of [`sqlite:///${db}`, `file://${db}`]) {
      assert.equal(sourceFs.sourceBounds(location)?.root, fs.realpathSync(source), location);
      refusal(() => bounded(() => sourceFs.readFileSync(path.join(source, 'run', 'file-link')), location));
    }
    assert.equal(sourceFs.sourceBounds('http://127.0.0.1:5000'), undefined);
  });

  it('keeps the bounds across awaits, and applies none outside an import', async () => {
    const link = path.join(source, 'run', 'file-link');
    await assert.rejects(
      bounded(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return sourceFs.readFileSync(link);
      }),
      sourceFs.OutsideSourceError,
    );
    assert.equal(sourceFs.readFileSync(link, 'utf8'), 'outside');
  });
});
