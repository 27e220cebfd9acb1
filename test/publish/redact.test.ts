import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importSource } from '../../src/import/import-source.js';
import { buildPublication, PUBLISH_FORMATS } from '../../src/publish/publish.js';
import { compileRules } from '../../src/publish/redaction-rules.js';
import { parseSelection } from '../../src/publish/select-runs.js';
import { detectKey, detectValue } from '../../src/publish/sensitive-values.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { validateGraph } from '../../src/validate/shacl.js';
import { NS } from '../../src/vocab/namespaces.js';
import { buildArchive, testMappings, type TestArchive } from '../queries/query-archive.js';
import { settingsByKey, settingValue, tagValue } from '../support/logged-values.js';
import { plantedRuns, SECRETS } from './planted-secrets.js';

const ALL = 'runs:m1,w1,tb1,g1,s1,d1,o1';

/** Fails naming the secret and the file where it leaked, in plain or percent-encoded form. */
function assertNoSecrets(files: Map<string, string>, secrets: readonly string[]): void {
  for (const [name, text] of files) {
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
        assert.ok(!text.includes(form), `${name} leaks ${JSON.stringify(secret)}`);
      }
    }
  }
}

describe('the secrets and privacy filter', function () {
  this.timeout(30_000);
  let archive: TestArchive;
  before(async () => {
    archive = await buildArchive(plantedRuns());
  });
  after(() => archive.dispose());

  const publish = (format: (typeof PUBLISH_FORMATS)[number], rules?: unknown) =>
    buildPublication(archive.store, {
      selection: parseSelection(ALL),
      format,
      base: 'https://example.org/pub/',
      mappings: archive.mappings,
      rules: rules === undefined ? undefined : compileRules(rules, 'rules.yaml'),
      now: new Date('2026-02-01T00:00:00Z'),
    });

  it('publishes no planted secret, user, host, path or address from any tracker, in any format', async () => {
    for (const format of PUBLISH_FORMATS) {
      const publication = await publish(format);
      assert.equal(publication.runs.length, 7);
      assertNoSecrets(publication.files, Object.values(SECRETS));
    }
  });

  it('keeps what is not sensitive: ordinary settings, commit hashes, public URLs, token counts', async () => {
    const { quads } = await publish('turtle');
    const run = (tracker: string, id: string) => `https://example.org/pub/run/${tracker}/${id}`;
    assert.equal(settingValue(quads, run('mlflow', 'm1'), 'max_tokens'), '256');
    assert.equal(settingValue(quads, run('mlflow', 'm1'), 'n_estimators'), '100');
    assert.equal(tagValue(quads, run('mlflow', 'm1'), 'mlflow.source.git.commit'), '0123456789abcdef0123456789abcdef01234567');
    assert.equal(settingValue(quads, run('wandb', 'w1'), 'optimizer'), '{"lr":0.01,"momentum":0.9}');
    assert.equal(settingValue(quads, run('tensorboard', 'tb1'), 'learning_rate'), '1.0E-1');
    assert.ok(quads.some((q) => q.object.value === 'https://www.openml.org/d/31'), 'a public dataset URL stays');
    assert.ok(quads.some((q) => q.object.value === 'Supervised Classification'));
    // The code node stays, without the credential-bearing repository URL.
    assert.ok(quads.some((q) => q.predicate.value === `${NS.schema}version` && q.object.value === '0123456789abcdef0123456789abcdef01234567'));
    assert.ok(!quads.some((q) => q.predicate.value === `${NS.schema}codeRepository`));
  });

  it('says what it withheld and why, never the value, and the result still passes the shapes', async () => {
    const { findings, quads } = await publish('turtle');
    const reasons = new Set(findings.map((f) => f.reason));
    for (const r of ['key:password', 'key:api_key', 'key:token', 'aws-access-key', 'github-token', 'jwt', 'connection-string-password', 'private-key', 'agent', 'key:user', 'key:entity', 'key:host', 'email-address', 'absolute-path', 'windows-path', 'file-url', 'home-path', 'internal-host', 'ip-address']) {
      assert.ok(reasons.has(r), `no finding with reason ${r}: ${[...reasons].join(', ')}`);
    }
    assert.deepEqual(new Set(findings.map((f) => f.category)), new Set(['secret', 'user-name', 'host-name', 'local-path', 'email']));
    const text = JSON.stringify(findings);
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `a finding shows ${secret}`);
    // The Databricks-style experiment name made an IRI segment: it is replaced by a hash.
    assert.ok(findings.some((f) => f.action === 'iri' && f.node.startsWith('https://example.org/pub/experiment/mlflow/withheld-')));
    const report = await validateGraph(quads);
    assert.deepEqual(report.results.filter((r) => r.severity === 'violation'), []);
  });

  it('publishes what an allow rule covers and withholds what a withhold rule adds', async () => {
    const rules = { allow: [{ category: 'email', key: '^contact$', reason: 'team address, public' }], withhold: { keys: ['^batch_size$'], values: ['Supervised'] } };
    const { quads, findings } = await publish('turtle', rules);
    assert.ok(quads.some((q) => q.object.value === SECRETS.email), 'the allowed e-mail address is published');
    assert.ok(findings.some((f) => f.field === 'contact' && f.allowedBecause === 'team address, public'));
    const runs = quads.filter((q) => q.predicate.value === `${NS.rdf}type` && q.object.value === `${NS.mls}Run`).map((q) => q.subject.value);
    assert.ok(runs.some((r) => settingsByKey(quads, r).has('n_estimators')), 'settings are found by key');
    assert.ok(!runs.some((r) => settingsByKey(quads, r).has('batch_size')), 'no run keeps a batch_size setting');
    assert.ok(!quads.some((q) => q.object.value === 'Supervised Classification'));
    assert.ok(findings.some((f) => f.category === 'custom' && f.field === 'batch_size'));
    // The e-mail inside the experiment name is not under the "contact" key: still withheld.
    assert.ok(!quads.some((q) => q.object.value.includes('/Users/')));
  });

  it('rejects a rules file with an unknown field or a broken pattern, naming the field', () => {
    assert.throws(() => compileRules({ allow: [{ categroy: 'email' }] }, 'r.yaml'), /r\.yaml: allow\.0/);
    assert.throws(() => compileRules({ withhold: { keys: ['(' ] } }, 'r.yaml'), /r\.yaml: withhold\.keys\.0: invalid regular expression/);
  });

  it('reads key names in every case style, and leaves token counts and tokenizers alone', () => {
    for (const key of ['api_key', 'apiKey', 'API-KEY', 'db.password', 'AWS_SECRET_ACCESS_KEY', 'auth_token', 'clientSecret', 'passwd']) assert.equal(detectKey(key)?.category, 'secret', key);
    for (const key of ['max_tokens', 'tokenizer', 'num_tokens', 'learning_rate', 'secretary_bird_count'.replace('secretary', 'sec')]) assert.equal(detectKey(key), undefined, key);
    assert.equal(detectKey('mlflow.user')?.category, 'user-name');
    assert.equal(detectKey('hostname')?.category, 'host-name');
  });

  it('leaves version numbers, run URIs, metric paths and public URLs alone', () => {
    for (const value of ['1.2.3.4', 'runs:/abc/model', 'train/loss', 'https://github.com/acme/x.git', 'git@github.com:acme/x.git', 's3://bucket/key', '0.001', 'a/b/c']) {
      assert.deepEqual(detectValue(value, { versionLike: value === '1.2.3.4' }), [], value);
    }
    assert.deepEqual(detectValue('10.0.0.1').map((d) => d.reason), ['ip-address']);
    assert.deepEqual(detectValue('http://mlflow-server:5000/#/experiments/1').map((d) => d.reason), ['private-url-host']);
    assert.deepEqual(detectValue('http://localhost:5000/'), []);
  });

  it('withholds secrets a real importer read: a Sacred run folder with a password, a host and a home path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-redact-sacred-'));
    try {
      const run = path.join(dir, 'runs', '1');
      fs.mkdirSync(run, { recursive: true });
      fs.writeFileSync(path.join(run, 'run.json'), JSON.stringify({
        command: 'main',
        experiment: { name: 'credit', mainfile: 'train.py', dependencies: ['scikit-learn==1.5.2'], repositories: [], sources: [] },
        host: { hostname: SECRETS.hostByKey, python_version: '3.11.4' },
        meta: { command: 'main', comment: `see ${SECRETS.homePath}/notes.txt` },
        start_time: '2024-03-01T10:00:00.5', stop_time: '2024-03-01T10:00:06', status: 'COMPLETED', heartbeat: '2024-03-01T10:00:05',
        artifacts: [], resources: [], result: null,
      }));
      fs.writeFileSync(path.join(run, 'config.json'), JSON.stringify({ n_estimators: 10, db: { password: SECRETS.plainPassword, host: SECRETS.host } }));
      fs.writeFileSync(path.join(run, 'info.json'), JSON.stringify({ api_token: SECRETS.plainToken, owner_email: SECRETS.email }));
      const store = await EmbeddedStore.open(path.join(dir, 'archive'));
      try {
        const mappings = testMappings();
        const summary = await importSource(store, path.join(dir, 'runs'), { mappings });
        assert.equal(summary.imported ?? 1, 1);
        const publication = await buildPublication(store, { selection: parseSelection('experiment:credit'), format: 'jsonld', mappings, now: new Date(0) });
        assert.equal(publication.runs.length, 1);
        const plain = await buildPublication(store, { selection: parseSelection('experiment:credit'), format: 'turtle', mappings, now: new Date(0) });
        assert.ok(plain.quads.some((q) => q.object.value === 'main'), 'the importer output reached the publication');
        assertNoSecrets(publication.files, [SECRETS.plainPassword, SECRETS.host, SECRETS.homePath, SECRETS.plainToken, SECRETS.email, SECRETS.hostByKey]);
        assertNoSecrets(plain.files, [SECRETS.plainPassword, SECRETS.host, SECRETS.homePath, SECRETS.plainToken, SECRETS.email, SECRETS.hostByKey]);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
