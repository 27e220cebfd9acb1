/**
 * YAML the user hands rungraph outside the importers (mapping folders, reuse plans, redaction rules, query
 * files) is held to the same node budget as tracker files: a dense file is refused, naming it, before the
 * `yaml` library would spend hundreds of MiB on it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../src/errors.js';
import { readYamlFile } from '../../src/mapping/yaml-file.js';
import { loadRules } from '../../src/publish/redaction-rules.js';
import { parseNamedQuery } from '../../src/query/named-query.js';
import { readRunPlan } from '../../src/query/run-plan.js';
import { MAX_YAML_NODES } from '../../src/yaml-budget.js';
import { z } from 'zod';

describe('YAML budget for files the user hands rungraph', function () {
  let dir: string;
  // Each `[],` is a node of its own: this is about twice the budget in a file of well under 1 MB.
  const dense = `a: [${'[],'.repeat(MAX_YAML_NODES * 2)}[]]\n`;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-yaml-budget-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a dense mapping file as an issue naming the file, unparsed', function () {
    const file = write('dense-library.yaml', dense);
    const result = readYamlFile(file, z.unknown());
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.issues[0].code, result.issues[0].file], ['yaml_too_complex', file]);
  });

  it('refuses a dense reuse plan with an InputError naming the file', function () {
    const file = write('plan.yaml', dense);
    assert.throws(() => readRunPlan(file), (e: unknown) => e instanceof InputError && e.message.includes(file) && /YAML nodes/.test(e.message));
  });

  it('refuses dense redaction rules with an InputError naming the file', function () {
    const file = write('rules.yaml', dense);
    assert.throws(() => loadRules(file), (e: unknown) => e instanceof InputError && e.message.includes(file) && /YAML nodes/.test(e.message));
  });

  it('refuses a query file whose #+ header is dense', function () {
    const file = write('dense.rq', `#+ name: dense\n#+ ${dense}SELECT * WHERE { ?s ?p ?o }\n`);
    assert.throws(() => parseNamedQuery(file), (e: unknown) => e instanceof InputError && e.message.includes(file) && /YAML nodes/.test(e.message));
  });

  it('still reads an ordinary plan', function () {
    const file = write('ok-plan.yaml', 'implementation: sklearn.ensemble.RandomForestClassifier\nhyperparameters:\n  n_estimators: 100\ndataset: credit-g\n');
    assert.equal(readRunPlan(file).implementation, 'sklearn.ensemble.RandomForestClassifier');
  });
});
