import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { packagePath } from '../../src/package-root.js';
import { loadCatalogue } from '../../src/query/named-query.js';
import { ACCEPTANCE_QUESTIONS, renderQueryDocs } from '../../src/query/query-docs.js';

describe('docs/queries.md', function () {
  it('is up to date with the query headers (run `npm run docs:queries`)', function () {
    const committed = fs.readFileSync(packagePath('docs', 'queries.md'), 'utf8');
    assert.equal(committed, renderQueryDocs([...loadCatalogue().values()]));
  });

  it('maps every acceptance question to queries that exist, or says why none can', function () {
    const catalogue = loadCatalogue();
    assert.deepEqual(ACCEPTANCE_QUESTIONS.map((q) => q.id), Array.from({ length: 21 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));
    for (const q of ACCEPTANCE_QUESTIONS) {
      assert.ok(q.answeredBy.length > 0 || q.note, `${q.id} has neither a query nor a note`);
      for (const name of q.answeredBy.filter((n) => !n.startsWith('rungraph '))) assert.ok(catalogue.has(name), `${q.id}: no query ${name}`);
    }
  });
});
