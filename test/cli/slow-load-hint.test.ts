import { strict as assert } from 'node:assert';
import { slowLoadHint } from '../../src/cli/archive.js';

describe('the hint after a slow archive load', () => {
  it('stays silent under five seconds and names `rungraph serve` for this archive from then on', () => {
    assert.equal(slowLoadHint(4.9, '/data/archive'), undefined);
    const hint = slowLoadHint(9.46, '/data/archive');
    assert.match(hint ?? '', /loading the archive took 9\.5 s/);
    assert.match(hint ?? '', /`rungraph --archive \/data\/archive serve`/);
    assert.match(hint ?? '', /docs\/stores\.md#keep-a-warm-archive/);
  });
});
