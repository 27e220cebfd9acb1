import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Issue } from '../../src/errors.js';
import { lintMappings } from '../../src/mapping/lint.js';

/** Writes the files into a fresh directory and lints it together with the shipped mappings. */
function lint(files: Record<string, string>): { issues: Issue[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { issues: lintMappings([dir]), dir };
}

/** The 1-based line of the first line containing `needle`, found independently of the linter. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function expectIssue(issues: Issue[], code: string, file: string, line: number, message?: RegExp): void {
  const found = issues.find((i) => i.code === code && i.file === file && i.line === line && (!message || message.test(i.message)));
  assert.ok(found, `no ${code} at ${path.basename(file)}:${line}; got:\n  ${issues.map((i) => `${i.code} ${path.basename(i.file ?? '')}:${i.line} ${i.message}`).join('\n  ')}`);
}

const library = (body: string, head = 'library: toylib\npackage: toylib\ndescribes: "1.0.0"\nappliesTo: ">=1.0.0 <3.0.0"\n') => `${head}implementations:\n${body}`;

describe('mappings lint', () => {
  const cleanups: string[] = [];
  const run = (files: Record<string, string>) => {
    const result = lint(files);
    cleanups.push(result.dir);
    return result;
  };
  after(() => cleanups.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('passes a correct user file without issues', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    hyperparameters:\n      trees: { type: integer, default: 10, aliases: [n_trees], canonical: NumberOfEnsembleMembers }\n');
    assert.deepEqual(run({ 'toylib.yaml': text }).issues, []);
  });

  it('reports schema errors with file and line', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    hyperparameters:\n      trees: { type: number, default: 10 }\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'invalid_value', path.join(dir, 'toylib.yaml'), lineOf(text, 'trees:'), /type/);
  });

  it('reports invalid YAML, such as a key given twice, with its line', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    algorithm: Bagging\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'invalid_yaml', path.join(dir, 'toylib.yaml'), lineOf(text, 'algorithm: Bagging'));
  });

  it('reports misspelt keys instead of dropping them', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    hyperparameters:\n      trees: { type: integer, defualt: 10 }\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'unknown_key', path.join(dir, 'toylib.yaml'), lineOf(text, 'defualt'), /defualt/);
  });

  it('reports an alias listed twice and an alias that names another parameter', () => {
    const text = library([
      '  toylib.Forest:',
      '    algorithm: RandomForest',
      '    hyperparameters:',
      '      trees: { type: integer, aliases: [n_trees, n_trees] }',
      '      depth: { type: integer, aliases: [trees] }',
      '',
    ].join('\n'));
    const { issues, dir } = run({ 'toylib.yaml': text });
    const file = path.join(dir, 'toylib.yaml');
    expectIssue(issues, 'duplicate_alias', file, lineOf(text, 'n_trees, n_trees'), /n_trees/);
    expectIssue(issues, 'conflicting_alias', file, lineOf(text, 'depth:'), /"trees" also names trees/);
  });

  it('reports one implementation claimed by two files for overlapping versions, but not for disjoint ones', () => {
    const first = library('  toylib.Forest:\n    algorithm: RandomForest\n');
    const overlapping = library('  toylib.Forest:\n    algorithm: RandomForest\n', 'library: toylib\npackage: toylib\ndescribes: "2.0.0"\nappliesTo: ">=2.0.0"\n');
    const { issues, dir } = run({ 'a.yaml': first, 'b.yaml': overlapping });
    expectIssue(issues, 'conflicting_implementation', path.join(dir, 'b.yaml'), lineOf(overlapping, 'toylib.Forest:'), /overlapping/);

    const disjoint = library('  toylib.Forest:\n    algorithm: RandomForest\n', 'library: toylib\npackage: toylib\ndescribes: "3.0.0"\nappliesTo: ">=3.0.0"\n');
    assert.deepEqual(run({ 'a.yaml': first, 'c.yaml': disjoint }).issues, []);
  });

  it('reports an implementation alias claimed by another library', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    aliases: [RandomForestClassifier]\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'conflicting_implementation', path.join(dir, 'toylib.yaml'), lineOf(text, 'aliases:'), /scikit-learn/);
  });

  it('reports a metric key claimed by two measures', () => {
    const text = 'scheme: measures\nsplits: {}\nconcepts:\n  MyAccuracy:\n    label: my accuracy\n    direction: maximize\n    aliases: [my_acc, ACC]\n';
    const { issues, dir } = run({ 'measures.yaml': text });
    expectIssue(issues, 'conflicting_metric_alias', path.join(dir, 'measures.yaml'), lineOf(text, 'aliases:'), /"ACC" is claimed by Accuracy/);
  });

  it('reports unknown algorithm, canonical and broader concepts', () => {
    const lib = library('  toylib.Forest:\n    algorithm: NoSuchAlgorithm\n    hyperparameters:\n      trees: { type: integer, canonical: NoSuchHyperParameter }\n');
    const concepts = 'scheme: algorithms\nconcepts:\n  MyForest:\n    label: my forest\n    broader: NoSuchParent\n';
    const { issues, dir } = run({ 'toylib.yaml': lib, 'algorithms.yaml': concepts });
    expectIssue(issues, 'unknown_concept', path.join(dir, 'toylib.yaml'), lineOf(lib, 'NoSuchAlgorithm'), /NoSuchAlgorithm/);
    expectIssue(issues, 'unknown_concept', path.join(dir, 'toylib.yaml'), lineOf(lib, 'NoSuchHyperParameter'), /NoSuchHyperParameter/);
    expectIssue(issues, 'unknown_concept', path.join(dir, 'algorithms.yaml'), lineOf(concepts, 'NoSuchParent'), /NoSuchParent/);
  });

  it('reports Wikidata ids outside the verified list and confidences that differ from it', () => {
    const text = [
      'scheme: algorithms',
      'concepts:',
      '  MyForest:',
      '    label: my forest',
      '    wikidata: { id: Q99999999, confidence: verified }',
      '  MyOtherForest:',
      '    label: my other forest',
      '    wikidata:',
      '      id: Q245748',
      '      confidence: one-source',
      '',
    ].join('\n');
    const { issues, dir } = run({ 'algorithms.yaml': text });
    const file = path.join(dir, 'algorithms.yaml');
    expectIssue(issues, 'unverified_wikidata', file, lineOf(text, 'Q99999999'), /Q99999999/);
    expectIssue(issues, 'wrong_wikidata_confidence', file, lineOf(text, 'confidence: one-source'), /verified/);
  });

  it('reports a default that contradicts the declared type', () => {
    const text = library('  toylib.Forest:\n    algorithm: RandomForest\n    hyperparameters:\n      trees: { type: integer, default: 0.5 }\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'default_type_mismatch', path.join(dir, 'toylib.yaml'), lineOf(text, 'trees:'), /0\.5/);
  });

  it('warns when a canonical concept is not declared for the implementation\'s algorithm', () => {
    const text = library('  toylib.Clusters:\n    algorithm: KMeans\n    hyperparameters:\n      trees: { type: integer, canonical: NumberOfEnsembleMembers }\n      k: { type: integer, canonical: NumberOfClusters }\n');
    const { issues, dir } = run({ 'toylib.yaml': text });
    expectIssue(issues, 'canonical_not_applicable', path.join(dir, 'toylib.yaml'), lineOf(text, 'trees:'), /NumberOfEnsembleMembers/);
    assert.equal(issues.find((i) => i.code === 'canonical_not_applicable')?.severity, 'warning');
    assert.equal(issues.length, 1, 'NumberOfClusters applies to KMeans through its broader Clustering');
  });

  it('reports a directory that does not exist', () => {
    const missing = path.join(os.tmpdir(), 'rungraph-lint-no-such-dir-0f3a');
    const issues = lintMappings([missing]);
    assert.ok(issues.some((i) => i.code === 'missing_directory' && i.file === missing));
  });
});
