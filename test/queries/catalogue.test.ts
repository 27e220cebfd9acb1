/**
 * Every catalogue query parses, has a valid header, and returns the expected rows on known data. The
 * archive also holds the publications' results of data/published-results.json: every case written for
 * runs alone still holding shows no query about runs counts a reported result as one.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sparqljs from 'sparqljs';
import { importSource } from '../../src/import/import-source.js';
import { loadCatalogue, parseNamedQuery } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/store.js';
import { packagePath } from '../../src/package-root.js';
import { NS } from '../../src/vocab/namespaces.js';
import { cases, type QueryCase } from './catalogue-cases.js';
import { buildArchive, dataDir, plainRow, testMappings, type TestArchive } from './query-archive.js';

const queryFiles = fs.readdirSync(packagePath('queries')).filter((f) => f.endsWith('.rq')).sort();

describe('query catalogue', function () {
  const mappings = testMappings();
  const wikidata = (kind: string, concept: string): string | null => {
    const scheme = { algorithm: mappings.algorithms, hyperparameter: mappings.hyperparameters, measure: mappings.measures }[kind]!;
    const id = (scheme[concept] as { wikidata?: { id: string } } | undefined)?.wikidata?.id;
    return id ? NS.wd + id : null;
  };
  const all = cases(mappings.version, wikidata);

  describe('every query file', function () {
    for (const file of queryFiles) {
      it(`${file} parses, is named after its file and declares only parameters the query uses`, function () {
        const query = parseNamedQuery(path.join(packagePath('queries'), file));
        assert.equal(`${query.name}.rq`, file);
        const parsed = new sparqljs.Parser().parse(query.sparql);
        assert.equal(parsed.type, 'query');
        for (const p of query.params) assert.match(query.sparql, new RegExp(`\\?${p.name}\\b`), `parameter ${p.name} is not used`);
      });
      it(`${file} has at least one test case`, function () {
        assert.ok(all.some((c) => `${c.query}.rq` === file), `add a case for ${file} to catalogue-cases.ts`);
      });
    }
  });

  describe('results on the test runs', function () {
    let archive: TestArchive;
    before(async function () {
      archive = await buildArchive(path.join(dataDir, 'runs.jsonl'));
      const published = await importSource(archive.store, path.join(dataDir, 'published-results.json'), { tracker: 'pwc', mappings: archive.mappings });
      assert.equal(published.imported, 4, JSON.stringify(published.issues));
    });
    after(async function () {
      await archive?.dispose();
    });
    const catalogue = loadCatalogue();
    /** Runs the case on `store` and checks its rows. */
    const check = async (store: Store, c: QueryCase, skip: () => void) => {
      const query = catalogue.get(c.query);
      // Cases for queries another change has not landed yet wait for them.
      if (!query) return skip();
      const result = await runNamedQuery(store, query, c.params ?? {});
      assert.equal(result.type, 'bindings');
      if (result.type !== 'bindings') return;
      const variables = c.rows.length > 0 ? Object.keys(c.rows[0]) : result.variables;
      for (const v of variables) assert.ok(result.variables.includes(v), `query does not select ?${v}`);
      const actual = result.rows.map((r) => plainRow(r, variables));
      assertRows(actual, c);
    };
    for (const c of all) {
      it(c.name, async function () {
        await check(archive.store, c, () => this.skip());
      });
    }

    // A read-only archive loads for each query only the quads of the predicates it can match, and loads
    // more for the next query that needs them: every case again on a handle that starts empty, first over
    // the journal the import wrote (each load starts anew), then after a compaction (loads add to the engine).
    for (const compacted of [false, true]) {
      describe(`from a read-only archive loading per query, ${compacted ? 'after a compaction' : 'over the journal'}`, function () {
        before(function () {
          if (compacted) archive.store.compact();
        });
        for (const c of all) {
          it(c.name, async function () {
            const reader = await EmbeddedStore.open(path.join(archive.directory, 'archive'), { readOnly: true });
            try {
              await check(reader, c, () => this.skip());
            } finally {
              await reader.close();
            }
          });
        }
      });
    }
  });
});

function matches(actual: Record<string, string | null>, expected: QueryCase['rows'][number]): boolean {
  return Object.entries(expected).every(([k, want]) => {
    const got = actual[k];
    if (want === null) return got === null;
    if (got === null) return false;
    if (typeof want === 'number') return Math.abs(Number(got) - want) < 1e-9;
    return got === String(want);
  });
}

function assertRows(actual: Record<string, string | null>[], c: QueryCase): void {
  const show = () => `\nexpected ${JSON.stringify(c.rows, null, 1)}\nactual ${JSON.stringify(actual, null, 1)}`;
  assert.equal(actual.length, c.rows.length, `row count${show()}`);
  if (c.ordered) {
    c.rows.forEach((row, i) => assert.ok(matches(actual[i], row), `row ${i}${show()}`));
    return;
  }
  const remaining = [...actual];
  for (const row of c.rows) {
    const at = remaining.findIndex((a) => matches(a, row));
    assert.ok(at >= 0, `missing ${JSON.stringify(row)}${show()}`);
    remaining.splice(at, 1);
  }
}
