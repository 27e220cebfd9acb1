import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { outwardLinks } from '../../src/importers/outward-links.js';

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
});
