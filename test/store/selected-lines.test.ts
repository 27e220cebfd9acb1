import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreError } from '../../src/errors.js';
import { selectLines } from '../../src/store/embedded/predicate-lines.js';
import { selectFileLinesInWorker } from '../../src/store/embedded/selected-lines.js';

describe('picking a file’s lines in a worker thread (selectFileLinesInWorker)', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-selected-'));
    file = path.join(dir, 'snapshot.nq');
    // 20 MiB: more chunks than the worker may pick ahead, and a line cut at every chunk's end.
    const lines: string[] = [];
    for (let i = 0; lines.length < 200_000; i++) lines.push(`<urn:s${i}> <urn:p${i % 3}> "${'x'.repeat(i % 200)}" <urn:g${i % 7}> .\n`);
    fs.writeFileSync(file, `# rungraph snapshot generation=1\n${lines.join('')}`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the lines this thread would pick, in order', function () {
    const selection = { predicates: new Set(['urn:p1']) };
    const fd = fs.openSync(file, 'r');
    try {
      const picked = Buffer.concat([...selectFileLinesInWorker(fd, file, selection)]);
      assert.equal(picked.length, selectLines(fs.readFileSync(file), selection).length);
      assert.ok(picked.equals(selectLines(fs.readFileSync(file), selection)));
    } finally {
      fs.closeSync(fd);
    }
  });

  it('stops its worker when the reader stops early, and names the file when the worker fails', function () {
    const fd = fs.openSync(file, 'r');
    const lines = selectFileLinesInWorker(fd, file, { predicates: new Set(['urn:p0']) });
    assert.ok((lines.next().value as Uint8Array).length > 0);
    lines.return(undefined);
    fs.closeSync(fd);
    assert.throws(() => [...selectFileLinesInWorker(fd, file, { predicates: new Set(['urn:p0']) })], (e: unknown) => e instanceof StoreError && e.message.includes(file));
  });
});
