import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openmlImporter } from '../../../src/importers/openml/openml-importer.js';
import { flowClassName, librariesFromVersionString, parseOpenmlFlowText } from '../../../src/importers/openml/openml-flow.js';
import { drain } from '../../support/drain-importer.js';

const runXml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<oml:run xmlns:oml="http://openml.org/openml">
  <oml:run_id>7</oml:run_id>
  <oml:uploader>3</oml:uploader>
  <oml:uploader_name>Ada</oml:uploader_name>
  <oml:task_id>59</oml:task_id>
  <oml:task_type>Supervised Classification</oml:task_type>
  <oml:flow_id>500</oml:flow_id>
  <oml:flow_name>sklearn.ensemble.RandomForestClassifier(3)</oml:flow_name>
  <oml:setup_id>11</oml:setup_id>
  ${body}
</oml:run>`;

const evaluations = `
  <oml:parameter_setting><oml:name>n_estimators</oml:name><oml:value>100</oml:value></oml:parameter_setting>
  <oml:parameter_setting><oml:name>criterion</oml:name><oml:value>"gini"</oml:value><oml:component>501</oml:component></oml:parameter_setting>
  <oml:input_data><oml:dataset><oml:did>61</oml:did><oml:name>iris</oml:name><oml:url>https://example.org/iris.arff</oml:url></oml:dataset></oml:input_data>
  <oml:output_data>
    <oml:evaluation><oml:name>predictive_accuracy</oml:name><oml:value>0.95</oml:value><oml:stdev>0.02</oml:stdev></oml:evaluation>
    <oml:evaluation><oml:name>recall</oml:name><oml:value>0.9</oml:value><oml:array_data>[1,0.8,0.9]</oml:array_data></oml:evaluation>
    <oml:evaluation repeat="0" fold="0"><oml:name>predictive_accuracy</oml:name><oml:value>0.9</oml:value></oml:evaluation>
    <oml:evaluation repeat="0" fold="1"><oml:name>predictive_accuracy</oml:name><oml:value>1.0</oml:value></oml:evaluation>
    <oml:evaluation repeat="1" fold="0"><oml:name>predictive_accuracy</oml:name><oml:value>0.8</oml:value></oml:evaluation>
    <oml:evaluation repeat="1" fold="1"><oml:name>predictive_accuracy</oml:name><oml:value>0.7</oml:value></oml:evaluation>
    <oml:evaluation><oml:name>os_information</oml:name><oml:array_data>[ Linux, amd64 ]</oml:array_data></oml:evaluation>
  </oml:output_data>`;

const flowXml = `<oml:flow xmlns:oml="http://openml.org/openml">
  <oml:id>500</oml:id><oml:name>sklearn.ensemble.RandomForestClassifier</oml:name><oml:version>3</oml:version>
  <oml:external_version>openml==0.14.1,sklearn==1.3.2</oml:external_version>
  <oml:dependencies>sklearn==1.3.2
numpy>=1.6.1</oml:dependencies>
  <oml:parameter><oml:name>n_estimators</oml:name><oml:data_type>int</oml:data_type><oml:default_value>100</oml:default_value></oml:parameter>
  <oml:parameter><oml:name>max_depth</oml:name><oml:default_value>null</oml:default_value></oml:parameter>
  <oml:tag>sklearn</oml:tag>
</oml:flow>`;

const taskXml = `<oml:task xmlns:oml="http://openml.org/openml"><oml:task_id>59</oml:task_id><oml:task_type>Supervised Classification</oml:task_type>
  <oml:input name="source_data"><oml:data_set><oml:data_set_id>61</oml:data_set_id><oml:target_feature>class</oml:target_feature></oml:data_set></oml:input>
  <oml:input name="estimation_procedure"><oml:estimation_procedure><oml:id>1</oml:id><oml:type>crossvalidation</oml:type>
    <oml:parameter name="number_repeats">2</oml:parameter><oml:parameter name="number_folds">2</oml:parameter></oml:estimation_procedure></oml:input>
</oml:task>`;

describe('openml importer', () => {
  let dir: string;
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-openml-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detects run descriptions and says why it declines other files', async () => {
    const run = write('run.xml', runXml(''));
    const flow = write('flow.xml', flowXml);
    write('notes.txt', 'x');
    assert.deepEqual(await openmlImporter.detect(run), { ok: true });
    assert.deepEqual(await openmlImporter.detect(dir), { ok: true });
    assert.match((await openmlImporter.detect(flow) as { reason: string }).reason, /not an OpenML run description/);
    assert.match((await openmlImporter.detect(path.join(dir, 'notes.txt')) as { reason: string }).reason, /not an \.xml or \.json/);
    fs.rmSync(run);
    assert.match((await openmlImporter.detect(dir) as { reason: string }).reason, /no \.xml\/\.json file holding an OpenML run/);
  });

  it('reads a run with parameters, dataset, aggregate, per-class and per-fold evaluations', async () => {
    const { runs, issues } = await drain(openmlImporter, write('run.xml', runXml(evaluations)));
    assert.deepEqual(issues, []);
    const [run] = runs;
    assert.deepEqual(run.source, { tracker: 'openml', location: 'run.xml', runId: '7' });
    assert.equal(run.status, 'finished');
    assert.equal(run.user, 'Ada');
    assert.equal(run.implementation, 'sklearn.ensemble.RandomForestClassifier');
    assert.deepEqual(run.experiment, { id: '59', name: 'task 59' });
    assert.deepEqual(run.params.n_estimators, { type: 'integer', value: 100, raw: '100' });
    assert.deepEqual(run.params['501.criterion'], { type: 'string', value: '"gini"', raw: '"gini"' });
    assert.deepEqual(run.datasets, [{ name: 'iris', source: 'https://example.org/iris.arff', context: 'task' }]);
    assert.deepEqual(run.metrics.predictive_accuracy, [{ step: 0, value: 0.95 }]);
    assert.deepEqual(run.metrics['predictive_accuracy.stdev'], [{ step: 0, value: 0.02 }]);
    assert.deepEqual(run.metrics['recall.per_class'].map((p) => p.value), [1, 0.8, 0.9]);
    // Without the task, the fold count comes from the largest fold seen (2): step = repeat*2 + fold.
    assert.deepEqual(run.metrics['predictive_accuracy.fold'], [
      { step: 0, value: 0.9 }, { step: 1, value: 1 }, { step: 2, value: 0.8 }, { step: 3, value: 0.7 },
    ]);
    assert.equal(run.tags['openml.evaluation.os_information'], 'Linux, amd64');
    assert.equal(run.tags['openml.setup_id'], '11');
  });

  it('takes library versions from the flow and the estimation procedure from the task beside the run', async () => {
    write('run.xml', runXml(evaluations));
    write('flow.xml', flowXml);
    write('task.xml', taskXml);
    const [run] = (await drain(openmlImporter, dir)).runs;
    assert.deepEqual(run.environment?.libraries, { openml: '0.14.1', 'scikit-learn': '1.3.2' });
    assert.equal(run.tags['openml.estimation_procedure'], 'crossvalidation');
    assert.equal(run.tags['openml.estimation_procedure.number_folds'], '2');
    assert.equal(run.tags['openml.flow_version'], '3');
  });

  it('reads the JSON form of a run description', async () => {
    const json = {
      run: {
        run_id: '8', task_id: '59', flow_id: '500', flow_name: 'weka.J48(1)', error_message: [],
        parameter_setting: [{ name: 'C', value: '0.25' }],
        tag: ['study_1'],
        output_data: { evaluation: [{ name: 'kappa', value: '0.5' }, { repeat: '0', fold: '1', name: 'kappa', value: '0.4' }, { repeat: '0', fold: '0', name: 'kappa', value: '0.6' }] },
      },
    };
    const [run] = (await drain(openmlImporter, write('run.json', JSON.stringify(json)))).runs;
    assert.equal(run.source.runId, '8');
    assert.equal(run.implementation, 'weka.J48');
    assert.deepEqual(run.params.C, { type: 'float', value: 0.25, raw: '0.25' });
    assert.deepEqual(run.metrics['kappa.fold'], [{ step: 0, value: 0.6 }, { step: 1, value: 0.4 }]);
    assert.equal(run.tags['openml.tag.study_1'], 'true');
    assert.equal(run.status, 'finished');
  });

  it('marks a run with an error message as failed', async () => {
    const [run] = (await drain(openmlImporter, write('run.xml', runXml('<oml:error>Out of memory</oml:error>')))).runs;
    assert.equal(run.status, 'failed');
    assert.equal(run.tags['openml.error'], 'Out of memory');
  });

  it('reports truncated and malformed documents by file name and still imports the rest', async () => {
    write('a-good.xml', runXml(evaluations));
    write('b-truncated.xml', runXml(evaluations).slice(0, 400));
    write('c-truncated.json', '{"run": {"run_id": "9", "task_');
    write('d-no-id.xml', '<oml:run xmlns:oml="http://openml.org/openml"><oml:task_id>1</oml:task_id></oml:run>');
    write('e-bad-fold.xml', runXml('<oml:output_data><oml:evaluation repeat="x" fold="0"><oml:name>kappa</oml:name><oml:value>1</oml:value></oml:evaluation></oml:output_data>').replace('<oml:run_id>7', '<oml:run_id>10'));
    write('f-unrelated.json', '{"hello": ');
    write('g-doctype.xml', `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]>${runXml('')}`.replace('<?xml version="1.0" encoding="UTF-8"?>', ''));
    const { runs, issues } = await drain(openmlImporter, dir);
    assert.deepEqual(runs.map((r) => r.source.runId), ['7', '10']);
    const byFile = Object.fromEntries(issues.map((i) => [i.file, i.code]));
    assert.deepEqual(byFile, { 'b-truncated.xml': 'invalid_document', 'c-truncated.json': 'invalid_document', 'd-no-id.xml': 'missing_field', 'e-bad-fold.xml': 'invalid_type', 'g-doctype.xml': 'invalid_document' });
    assert.equal(issues.find((i) => i.file === 'd-no-id.xml')?.severity, 'error');
  });

  it('parses flows with their defaults and library pins', () => {
    const flow = parseOpenmlFlowText(flowXml, 'xml');
    assert.equal(flow.name, 'sklearn.ensemble.RandomForestClassifier');
    assert.deepEqual(flow.parameters.map((p) => [p.name, p.defaultValue?.type]), [['n_estimators', 'integer'], ['max_depth', 'null']]);
    assert.deepEqual(flow.tags, ['sklearn']);
    assert.deepEqual(librariesFromVersionString('Weka_3.7.12'), { weka: '3.7.12' });
    assert.deepEqual(librariesFromVersionString('numpy>=1.6.1'), {});
    assert.equal(flowClassName('weka.BayesNet_K2(1)'), 'weka.BayesNet_K2');
    assert.throws(() => parseOpenmlFlowText(runXml(''), 'xml'), /expected an oml:flow document/);
  });
});
