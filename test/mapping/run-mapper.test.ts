import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type { Quad } from '@rdfjs/types';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { mapRun } from '../../src/mapping/run-mapper.js';
import { validateRunRecord, type RunRecord } from '../../src/model/run-record.js';
import { parseParamString as parseParam } from '../../src/model/param-value.js';
import { rg } from '../../src/vocab/namespaces.js';
import { objectsOf, settingsByKey } from '../support/logged-values.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const toyMappings = loadMappings([path.join(here, 'toy-mappings')], { shipped: false });

function record(input: unknown): RunRecord {
  const result = validateRunRecord(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

const forest = () => JSON.parse(fs.readFileSync(path.join(here, 'forest-run.json'), 'utf8')) as Record<string, unknown>;
const withoutVersion = (quads: Quad[]) => quads.filter((q) => !q.predicate.equals(rg.mappingVersion));
describe('the run mapper', () => {
  it('produces a graph isomorphic to the expected Turtle', () => {
    const expected = new Parser().parse(fs.readFileSync(path.join(here, 'expected', 'forest-run.ttl'), 'utf8'));
    const { graph, quads } = mapRun(record(forest()), toyMappings);
    assert.equal(graph, 'https://w3id.org/rungraph/id/run/json/r1');
    const actual = withoutVersion(quads);
    if (!isomorphic(actual, expected)) {
      const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
      const missing = expected.filter((e) => !actual.some((a) => a.equals(e))).map(key);
      const extra = actual.filter((a) => !expected.some((e) => e.equals(a))).map(key);
      assert.fail(`not isomorphic\nmissing:\n  ${missing.join('\n  ')}\nextra:\n  ${extra.join('\n  ')}`);
    }
  });

  it('records which mapping version normalised the run', () => {
    const { quads } = mapRun(record(forest()), toyMappings);
    const versions = quads.filter((q) => q.predicate.equals(rg.mappingVersion)).map((q) => q.object.value);
    assert.deepEqual(versions, [toyMappings.version]);
  });

  it('is deterministic: the same record maps to the same quads', () => {
    const a = mapRun(record(forest()), toyMappings).quads;
    const b = mapRun(record(forest()), toyMappings).quads;
    assert.ok(isomorphic(a, b));
    assert.equal(a.length, b.length);
  });

  it('types every number and keeps non-finite metric values as xsd:double', () => {
    const input = forest();
    input.metrics = { test_acc: [{ step: 0, value: NaN }], loss: [{ step: 0, value: -Infinity }] };
    const { quads } = mapRun(record(input), toyMappings);
    const values = quads.filter((q) => q.predicate.value.endsWith('#hasValue') && q.subject.value.includes('/eval/')).map((q) => q.object);
    assert.deepEqual(values.map((v) => v.value).sort(), ['-INF', 'NaN']);
    for (const v of values) assert.equal(v.termType === 'Literal' && v.datatype.value, 'http://www.w3.org/2001/XMLSchema#double');
  });

  it('leaves a run of an unknown implementation unmapped but complete', () => {
    const input = forest();
    input.implementation = 'somelib.Unknown';
    const { quads } = mapRun(record(input), toyMappings);
    const executes = quads.find((q) => q.predicate.value === 'http://www.w3.org/ns/mls#executes');
    assert.equal(executes?.object.value, 'https://w3id.org/rungraph/id/implementation/unmapped/json/somelib.Unknown');
    assert.ok(!quads.some((q) => q.predicate.equals(rg.isDefault)), 'no defaults without a mapping');
  });

  it('puts each triple in one graph, so runs sharing an implementation or dataset never duplicate a triple', () => {
    const second = forest();
    second.source = { tracker: 'json', location: 'runs.jsonl', runId: 'r2' };
    const graphs = new Map<string, Quad[]>();
    // As an import does: graphs by name, a shared entity's graph written once.
    for (const r of [forest(), second]) for (const g of mapRun(record(r), toyMappings).graphs) graphs.set(g.graph, g.quads);
    const seen = new Map<string, string>();
    for (const [graph, quads] of graphs) {
      for (const q of quads) {
        const key = `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
        assert.ok(!seen.has(key), `${key} is in ${seen.get(key)} and ${graph}`);
        seen.set(key, graph);
      }
    }
    assert.ok(graphs.has('https://w3id.org/rungraph/id/run/json/r1') && graphs.has('https://w3id.org/rungraph/id/run/json/r2'));
    assert.ok(graphs.has('https://w3id.org/rungraph/id/dataset/abc123'));
    // An entity graph's content does not depend on which run wrote it.
    const first = mapRun(record(forest()), toyMappings).graphs.find((g) => g.graph.endsWith('toylib.Forest'))!;
    const again = mapRun(record(second), toyMappings).graphs.find((g) => g.graph.endsWith('toylib.Forest'))!;
    assert.ok(isomorphic(first.quads, again.quads));
  });

  it('gives library sentinels their meaning, so LightGBM max_depth -1 and scikit-learn None are both unlimited', () => {
    const shipped = loadMappings();
    const canonicalDepth = (implementation: string, libraries: Record<string, string>, raw: string) => {
      const { quads } = mapRun(
        record({ source: { tracker: 'json', location: 'x', runId: 'r' }, implementation, environment: { libraries }, params: { max_depth: parseParam(raw) } }),
        shipped,
      );
      return objectsOf(quads, settingsByKey(quads).get('max_depth')!, rg.canonicalValue.value)[0];
    };
    assert.equal(canonicalDepth('lightgbm.LGBMClassifier', { lightgbm: '4.5.0' }, '-1'), 'unlimited');
    assert.equal(canonicalDepth('sklearn.ensemble.RandomForestClassifier', { 'scikit-learn': '1.5.2' }, 'None'), 'unlimited');
    assert.equal(canonicalDepth('lightgbm.LGBMClassifier', { lightgbm: '4.5.0' }, '6'), '6');
  });

  it('takes the aggregation from a key that names a summary, such as best_val_accuracy', () => {
    const { quads } = mapRun(
      record({ source: { tracker: 'json', location: 'x', runId: 'r' }, metrics: { best_val_accuracy: [{ step: 0, value: 0.7 }, { step: 1, value: 0.9 }] } }),
      loadMappings(),
    );
    const aggregations = quads.filter((q) => q.predicate.equals(rg.aggregation)).map((q) => q.object.value);
    assert.deepEqual(aggregations, [rg.Best.value]);
  });

  it('gives the best point as properties of the one evaluation per metric, by the measure direction and ignoring NaN', () => {
    const metrics = {
      test_acc: [{ step: 0, value: 0.8 }, { step: 1, value: NaN }, { step: 2, value: 0.95 }, { step: 3, value: 0.9 }],
      val_loss: [{ step: 0, value: 0.5 }, { step: 1, value: 0.2 }, { step: 2, value: 0.1 }],
      custom_score: [{ step: 0, value: 1 }, { step: 1, value: 2 }],
      only_nan_acc: [{ step: 0, value: NaN }],
    };
    const { quads } = mapRun(record({ source: { tracker: 'json', location: 'x', runId: 'r' }, metrics }), loadMappings());
    const evaluations = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/mls#hasOutput').map((q) => q.object.value.split('/eval/')[1]);
    assert.deepEqual(evaluations.sort(), ['custom_score/last', 'only_nan_acc/last', 'test_acc/last', 'val_loss/last']);
    const of = (key: string, p: { value: string }) => quads.filter((q) => q.subject.value.endsWith(`/eval/${key}/last`) && q.predicate.value === p.value).map((q) => q.object.value);
    // Accuracy is maximised (0.95 at step 2, not the last 0.9); loss is minimised and its best is its last point.
    assert.deepEqual([of('test_acc', rg.bestValue), of('test_acc', rg.bestStep)], [['0.95'], ['2']]);
    assert.deepEqual([of('val_loss', rg.bestValue), of('val_loss', rg.bestStep)], [['0.1'], ['2']]);
    // No direction (an unmapped key), or nothing but NaN: no best.
    assert.deepEqual([...of('custom_score', rg.bestValue), ...of('only_nan_acc', rg.bestValue), ...of('only_nan_acc', rg.bestStep)], []);
    assert.ok(!quads.some((q) => q.object.value === rg.Best.value), 'no evaluation is marked rg:Best');
  });

  it('encodes unsafe characters of ids in IRIs instead of passing them through', () => {
    const input = forest();
    input.source = { tracker: 'json', location: 'x', runId: 'a b/<c>"' };
    const { graph } = mapRun(record(input), toyMappings);
    assert.equal(graph, 'https://w3id.org/rungraph/id/run/json/a%20b%2F%3Cc%3E%22');
  });
});

describe('thin hyperparameter settings (decision 0005)', () => {
  const MLS = 'http://www.w3.org/ns/mls#';
  const DCTERMS_ID = 'http://purl.org/dc/terms/identifier';
  const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
  const objects = objectsOf;
  /** Logged key → what a query finds by following mls:specifiedBy: the hyperparameter's name and types. */
  const throughHyperParameter = (quads: Quad[]) =>
    Object.fromEntries(
      [...settingsByKey(quads)].map(([key, s]) => {
        const [hp] = objects(quads, s, `${MLS}specifiedBy`);
        return [key, { name: objects(quads, hp, DCTERMS_ID), types: objects(quads, hp, RDF_TYPE), ownType: objects(quads, s, RDF_TYPE), ownName: objects(quads, s, DCTERMS_ID) }];
      }),
    );
  const hyperParameter = (name: string) => ({ name: [name], types: [`${MLS}HyperParameter`], ownType: [], ownName: [] });

  it('names mapped, aliased, unmapped and defaulted parameters only through their hyperparameter', () => {
    // n_trees is an alias of trees, depth is unknown to the mapping, seed is filled in from the default.
    assert.deepEqual(throughHyperParameter(mapRun(record(forest()), toyMappings).quads), {
      n_trees: hyperParameter('trees'),
      depth: hyperParameter('depth'),
      seed: hyperParameter('seed'),
    });
  });

  it('names the parameters of an implementation nobody mapped, and of a run naming none, through their hyperparameter', () => {
    for (const implementation of ['somelib.Unknown', undefined]) {
      const input = forest();
      if (implementation) input.implementation = implementation;
      else delete input.implementation;
      assert.deepEqual(throughHyperParameter(mapRun(record(input), toyMappings).quads), { n_trees: hyperParameter('n_trees'), depth: hyperParameter('depth') }, String(implementation));
    }
  });

  it('keeps the logged key only for an alias, and the raw text only where it differs from the typed value', () => {
    const input = forest();
    input.params = Object.fromEntries(Object.entries({ n_trees: '300', trees: '1.0e2', depth: 'deep', ratio: '1.0', flag: 'True', none: 'None', small: '0.0001', spaced: ' 7' }).map(([k, v]) => [k, parseParam(v)]));
    const { quads } = mapRun(record(input), toyMappings);
    const settings = settingsByKey(quads);
    const setting = (key: string) => settings.get(key)!;
    const raw = Object.fromEntries(Object.keys(input.params as object).map((k) => [k, objects(quads, setting(k), rg.rawValue.value)]));
    assert.deepEqual(raw, { n_trees: [], trees: ['1.0e2'], depth: [], ratio: ['1.0'], flag: ['True'], none: ['None'], small: [], spaced: [' 7'] });
    const logged = Object.fromEntries(Object.keys(input.params as object).map((k) => [k, objects(quads, setting(k), rg.loggedKey.value)]));
    assert.deepEqual(logged, { n_trees: ['n_trees'], trees: [], depth: [], ratio: [], flag: [], none: [], small: [], spaced: [] });
  });
});

describe('settings and tags shared by runs (decision 0007)', () => {
  const withParams = (runId: string, params: Record<string, string | object>) => {
    const input = forest();
    input.source = { tracker: 'json', location: 'runs.jsonl', runId };
    input.params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? parseParam(v) : v]));
    return mapRun(record(input), toyMappings);
  };

  it('gives runs that logged the same key and text one setting, in its own graph; the run graph holds only the link', () => {
    const [a, b] = [withParams('a', { n_trees: '300', depth: 'deep' }), withParams('b', { n_trees: '300', depth: 'deep' })];
    const [settingsA, settingsB] = [settingsByKey(a.quads), settingsByKey(b.quads)];
    assert.deepEqual([...settingsA.keys()].sort(), ['depth', 'n_trees', 'seed']);
    assert.deepEqual([...settingsA], [...settingsB]);
    for (const [key, setting] of settingsA) {
      const own = a.graphs.find((g) => g.graph === setting);
      assert.ok(own, `${key} has a graph of its own`);
      assert.ok(own.quads.every((q) => q.subject.value === setting), `${key}'s graph describes only the setting`);
      assert.ok(isomorphic(own.quads, b.graphs.find((g) => g.graph === setting)!.quads), `${key}'s graph is the same whichever run wrote it`);
      const inRun = a.graphs.find((g) => g.graph === a.graph)!.quads.filter((q) => q.subject.value === setting || q.object.value === setting);
      assert.deepEqual(inRun.map((q) => q.predicate.value), ['http://www.w3.org/ns/mls#hasInput']);
    }
  });

  it('keeps settings apart that differ in text, type or key, and a logged value apart from a filled-in default', () => {
    const settingOf = (params: Record<string, string | object>, key: string) => settingsByKey(withParams('r', params).quads).get(key)!;
    const one = settingOf({ trees: '1' }, 'trees');
    assert.notEqual(settingOf({ trees: '1.0' }, 'trees'), one, 'other text');
    assert.notEqual(settingOf({ n_trees: '1' }, 'n_trees'), one, 'other key (an alias)');
    assert.notEqual(settingOf({ trees: { type: 'string', value: '1', raw: '1' } }, 'trees'), one, 'other type, same text');
    assert.equal(settingOf({ trees: '1' }, 'trees'), one);
    // toylib's seed defaults to 0: logging 0 is a logged setting, not the filled-in one.
    assert.notEqual(settingOf({ seed: '0' }, 'seed'), settingOf({}, 'seed'));
  });

  it('gives runs that logged the same tag one node in its own graph, apart from another value of the key', () => {
    const tagged = (runId: string, value: string) => {
      const input = forest();
      input.source = { tracker: 'json', location: 'runs.jsonl', runId };
      input.tags = { team: value };
      return mapRun(record(input), toyMappings);
    };
    const tagOf = (mapped: ReturnType<typeof mapRun>) => mapped.quads.find((q) => q.predicate.equals(rg.hasTag))!.object.value;
    const [a, b, c] = [tagged('a', 'vision'), tagged('b', 'vision'), tagged('c', 'speech')];
    assert.equal(tagOf(a), tagOf(b));
    assert.notEqual(tagOf(a), tagOf(c));
    const own = a.graphs.find((g) => g.graph === tagOf(a))!;
    assert.deepEqual(objectsOf(own.quads, tagOf(a), rg.tagValue.value), ['vision']);
    assert.ok(!tagOf(a).includes('vision'), 'the value is hashed in the IRI');
  });

  it('never spells a logged value out in the setting IRI', () => {
    const secret = 'hunter2-plain-' + 'x'.repeat(80);
    const setting = settingsByKey(withParams('r', { password: secret, short: 'hunter2' }).quads);
    for (const key of ['password', 'short']) assert.ok(!setting.get(key)!.includes('hunter2'), setting.get(key));
  });
});

describe('library defaults the mapper fills in', () => {
  const boostkit = loadMappings([path.join(here, '..', 'queries', 'data', 'mappings')]);
  const booster = (params: Record<string, unknown>) =>
    record({ source: { tracker: 'json', location: 'r.jsonl', runId: 'b1' }, status: 'finished', implementation: 'boostkit.Booster', params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, parseParam(String(v))])), environment: { libraries: { boostkit: '4.5.0' } } });
  const settingsOf = (quads: Quad[]) => [...settingsByKey(quads).keys()].sort();

  it('fills a canonical parameter the run did not log with its default', () => {
    assert.ok(settingsOf(mapRun(booster({ num_iterations: 200 }), boostkit).quads).includes('learning_rate'));
  });

  it('does not default a concept the run set under another native name (an inverse-related parameter)', () => {
    const names = settingsOf(mapRun(booster({ rate_denominator: 20 }), boostkit).quads);
    assert.ok(names.includes('rate_denominator'));
    assert.ok(!names.includes('learning_rate'), `learning_rate was defaulted beside rate_denominator: ${names.join(', ')}`);
  });
});
