import { strict as assert } from 'node:assert';
import { selectChunkLines, selectLines } from '../../src/store/embedded/predicate-lines.js';

const lines = [
  '<urn:a> <urn:p> "1" <urn:g> .',
  '_:b0 <urn:q> <urn:a> <urn:g> .',
  '<urn:a> <urn:é> "accented predicate" <urn:g> .',
  '<urn:a> <urn:p> "a literal with <urn:q> and spaces" <urn:g> .',
  '<< <urn:a> <urn:p> "1" >> <urn:q> "quoted subject" <urn:g> .',
  '<urn:a> <urn:\\u0070> "escaped predicate" <urn:g> .',
  '<urn:a>\t<urn:r>\t"tabs"\t<urn:g> .',
  '# a comment',
  '<urn:a> <urn:r> "2" <urn:g> .',
];
const text = lines.map((l) => `${l}\n`).join('');
const unreadable = [4, 5, 6, 7];
const pick = (indexes: number[]) => indexes.sort((a, b) => a - b).map((i) => `${lines[i]}\n`).join('');

describe('picking N-Quads lines by predicate (selectLines)', function () {
  it('takes the lines with a listed predicate, and the lines it cannot read', function () {
    assert.equal(selectLines(Buffer.from(text), { predicates: new Set(['urn:p']) }).toString(), pick([0, 3, ...unreadable]));
    assert.equal(selectLines(Buffer.from(text), { predicates: new Set(['urn:q', 'urn:é']) }).toString(), pick([1, 2, ...unreadable]));
  });

  it('leaves the unreadable lines out when asked, and takes the unlisted predicates with except', function () {
    assert.equal(selectLines(Buffer.from(text), { predicates: new Set(['urn:p']), readableOnly: true }).toString(), pick([0, 3]));
    assert.equal(selectLines(Buffer.from(text), { predicates: new Set(['urn:p']), except: true, readableOnly: true }).toString(), pick([1, 2, 8]));
  });

  it('reads a last line without a newline', function () {
    assert.equal(selectLines(Buffer.from('<urn:a> <urn:p> "1" <urn:g> .\n<urn:a> <urn:p> "2" <urn:g> .'), { predicates: new Set(['urn:p']) }).toString(), '<urn:a> <urn:p> "1" <urn:g> .\n<urn:a> <urn:p> "2" <urn:g> .');
  });

  it('gives the same lines from a file read in chunks cut anywhere, even inside a character', function () {
    const bytes = Buffer.from(text);
    const selection = { predicates: new Set(['urn:é', 'urn:r']) };
    const whole = selectLines(bytes, selection).toString();
    for (const size of [1, 2, 3, 7, 40, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      assert.equal(Buffer.concat([...selectChunkLines(chunks, selection)]).toString(), whole, `chunks of ${size}`);
    }
  });
});
