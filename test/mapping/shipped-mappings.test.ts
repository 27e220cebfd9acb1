import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { lintMappings } from '../../src/mapping/lint.js';
import { MappingSet } from '../../src/mapping/mapping-set.js';
import { packagePath } from '../../src/package-root.js';

const libraries = packagePath('mappings', 'libraries');
const libraryFiles = fs.readdirSync(libraries).filter((f) => f.endsWith('.yaml'));
interface MappingFile {
  package?: string;
  describes?: string;
  concepts: Record<string, { direction: string }>;
}
const read = (...segments: string[]) => parse(fs.readFileSync(packagePath('mappings', ...segments), 'utf8')) as MappingFile;

describe('the shipped mappings', () => {
  const { set } = MappingSet.load();

  it('validate against the schema and lint clean', () => {
    assert.deepEqual(MappingSet.load().issues, []);
    const lint = lintMappings();
    assert.deepEqual(lint.map((i) => `${path.basename(i.file ?? '')}:${i.line} ${i.code} ${i.message}`), []);
  });

  it('describe the six libraries, each naming the version its documentation came from', () => {
    const packages = libraryFiles.map((f) => read('libraries', f)).map((l) => [l.package, l.describes]);
    for (const name of ['scikit-learn', 'xgboost', 'lightgbm', 'catboost', 'torch', 'keras']) {
      const entry = packages.find(([p]) => p === name);
      assert.ok(entry, `no mapping file for ${name}`);
      assert.match(String(entry[1]), /^\d+\.\d+\.\d+$/, `${name} describes no exact version`);
    }
  });

  it('have at least 60 canonical hyperparameters and 25 measures, each measure with a direction', () => {
    const hyperparameters = Object.keys(read('concepts', 'hyperparameters.yaml').concepts);
    const measures = read('concepts', 'measures.yaml').concepts;
    assert.ok(hyperparameters.length >= 60, `${hyperparameters.length} hyperparameters`);
    assert.ok(Object.keys(measures).length >= 25, `${Object.keys(measures).length} measures`);
    for (const [name, m] of Object.entries(measures)) assert.ok(['maximize', 'minimize'].includes(m.direction), name);
    for (const name of ['NumberOfEnsembleMembers', 'MaximumTreeDepth', 'LearningRate', 'L1RegularizationStrength', 'L2RegularizationStrength', 'MinimumSamplesPerLeaf',
      'SubsampleRatio', 'FeatureFraction', 'BatchSize', 'Epochs', 'Optimizer', 'Momentum', 'WeightDecay', 'Dropout', 'RandomSeed']) assert.ok(hyperparameters.includes(name), name);
    for (const name of ['Accuracy', 'BalancedAccuracy', 'PrecisionBinary', 'PrecisionMacro', 'PrecisionMicro', 'PrecisionWeighted', 'RecallBinary', 'RecallMacro', 'RecallMicro', 'RecallWeighted',
      'F1Binary', 'F1Macro', 'F1Micro', 'F1Weighted', 'RocAuc', 'PrAuc', 'LogLoss', 'MeanSquaredError', 'RootMeanSquaredError', 'MeanAbsoluteError', 'CoefficientOfDetermination', 'MeanAbsolutePercentageError']) {
      assert.ok(measures[name], name);
    }
    assert.equal(measures.LogLoss.direction, 'minimize');
    assert.equal(measures.RocAuc.direction, 'maximize');
  });

  it('map the old and private scikit-learn module paths and the PyPads class paths to the same implementation', () => {
    for (const name of ['sklearn.ensemble.forest.RandomForestClassifier', 'sklearn.ensemble._forest.RandomForestClassifier', 'RandomForestClassifier']) {
      assert.equal(set.resolveImplementation(name, { 'scikit-learn': '1.4.2' })?.id, 'sklearn.ensemble.RandomForestClassifier', name);
    }
    assert.equal(set.resolveImplementation('sklearn.tree._classes.DecisionTreeClassifier')?.id, 'sklearn.tree.DecisionTreeClassifier');
    assert.equal(set.resolveImplementation('sklearn.svm.classes.SVC')?.mapping.algorithm, 'SupportVectorMachine');
    assert.equal(set.resolveImplementation('lightgbm.sklearn.LGBMClassifier')?.mapping.algorithm, 'GradientBoosting');
    assert.equal(set.resolveImplementation('xgboost.sklearn.XGBRFClassifier')?.mapping.algorithm, 'RandomForest');
  });

  it('choose the scikit-learn file whose version range covers the run, so old runs get old defaults', () => {
    const forestDefault = (version: string) => set.resolveImplementation('sklearn.ensemble.forest.RandomForestClassifier', { 'scikit-learn': version })!.mapping.hyperparameters.n_estimators.default;
    assert.equal(forestDefault('0.21.3'), 10);
    assert.equal(forestDefault('1.2.0'), 100);
    assert.equal(set.resolveImplementation('sklearn.svm.SVC', { 'scikit-learn': '0.20.4' })!.library.describes, '0.21.3');
    // An estimator the 0.21 file does not describe falls back to the newest file.
    assert.equal(set.resolveImplementation('sklearn.neighbors.KNeighborsClassifier', { 'scikit-learn': '0.21.3' })!.library.describes, '1.5.2');
  });

  it('resolve LightGBM and XGBoost aliases to one native parameter', () => {
    const lgbm = set.resolveImplementation('lightgbm.LGBMRegressor')!.mapping;
    for (const alias of ['num_iterations', 'n_estimators', 'num_boost_round', 'nrounds']) assert.equal(set.resolveParameter(lgbm, alias)?.name, 'n_estimators', alias);
    assert.equal(set.resolveParameter(lgbm, 'reg_lambda')?.mapping.canonical, 'L2RegularizationStrength');
    const train = set.resolveImplementation('lightgbm.train')!.mapping;
    assert.equal(set.resolveParameter(train, 'colsample_bytree')?.name, 'feature_fraction');
    const xgb = set.resolveImplementation('xgboost.XGBClassifier')!.mapping;
    assert.equal(set.resolveParameter(xgb, 'eta')?.name, 'learning_rate');
    assert.equal(set.resolveParameter(xgb, 'lambda')?.mapping.canonical, 'L2RegularizationStrength');
  });

  it('map the training arguments of Transformers and Lightning runs, as their autologgers name them', () => {
    const hf = set.resolveImplementation('transformers.trainer.Trainer')!.mapping;
    assert.equal(set.resolveParameter(hf, 'per_device_train_batch_size')?.mapping.canonical, 'BatchSize');
    assert.equal(set.resolveParameter(hf, 'evaluation_strategy')?.name, 'eval_strategy');
    const lightning = set.resolveImplementation('pytorch_lightning.Trainer')!.mapping;
    assert.equal(set.resolveParameter(lightning, 'epochs')?.name, 'max_epochs');
    assert.equal(set.resolveParameter(lightning, 'epochs')?.mapping.canonical, 'Epochs');
  });

  it('declare the sentinels and inverse relations where conventions differ', () => {
    const param = (impl: string, key: string) => set.resolveParameter(set.resolveImplementation(impl)!.mapping, key)!.mapping;
    assert.deepEqual(param('lightgbm.LGBMClassifier', 'max_depth').sentinels, [{ atMost: 0, means: 'unlimited' }]);
    assert.deepEqual(param('sklearn.ensemble.RandomForestClassifier', 'max_depth').sentinels, [{ value: null, means: 'unlimited' }]);
    assert.equal(param('sklearn.linear_model.LogisticRegression', 'C').relation?.transform, 'inverse');
    assert.equal(param('sklearn.linear_model.LogisticRegression', 'C').canonical, 'RegularizationStrength');
    assert.equal(param('xgboost.XGBClassifier', 'reg_lambda').canonical, 'L2RegularizationStrength');
    assert.equal(param('xgboost.XGBClassifier', 'reg_lambda').relation, undefined);
  });
});

describe('metric keys', () => {
  const { set } = MappingSet.load();
  const cases: [string, string, string | undefined][] = [
    ['acc', 'Accuracy', undefined],
    ['accuracy', 'Accuracy', undefined],
    ['val_accuracy', 'Accuracy', 'ValidationSplit'],
    ['val_acc', 'Accuracy', 'ValidationSplit'],
    ['eval/accuracy', 'Accuracy', 'ValidationSplit'],
    ['test_f1_score', 'F1Score', 'TestSplit'],
    ['training_accuracy_score', 'Accuracy', 'TrainingSplit'],
    ['training_f1_score', 'F1Score', 'TrainingSplit'],
    ['training_precision_score', 'Precision', 'TrainingSplit'],
    ['training_recall_score', 'Recall', 'TrainingSplit'],
    ['training_log_loss', 'LogLoss', 'TrainingSplit'],
    ['training_roc_auc', 'RocAuc', 'TrainingSplit'],
    ['training_score', 'EstimatorScore', 'TrainingSplit'],
    ['training_mean_squared_error', 'MeanSquaredError', 'TrainingSplit'],
    ['training_root_mean_squared_error', 'RootMeanSquaredError', 'TrainingSplit'],
    ['training_mean_absolute_error', 'MeanAbsoluteError', 'TrainingSplit'],
    ['training_r2_score', 'CoefficientOfDetermination', 'TrainingSplit'],
    ['validation_0-logloss', 'LogLoss', 'ValidationSplit'],
    ['valid_1-auc', 'RocAuc', 'ValidationSplit'],
    ['train-rmse', 'RootMeanSquaredError', 'TrainingSplit'],
    ['val_loss', 'Loss', 'ValidationSplit'],
    ['f1_macro', 'F1Macro', undefined],
    ['test_weighted_f1', 'F1Weighted', 'TestSplit'],
    ['balanced_accuracy', 'BalancedAccuracy', undefined],
    ['Test MAPE', 'MeanAbsolutePercentageError', 'TestSplit'],
    ['valid_0-multi_error', 'ErrorRate', 'ValidationSplit'],
    ['training-binary_logloss', 'LogLoss', 'TrainingSplit'],
    ['val_mean_squared_logarithmic_error', 'MeanSquaredLogError', 'ValidationSplit'],
    ['eval_loss', 'Loss', 'ValidationSplit'],
    ['predictive_accuracy', 'Accuracy', undefined],
    ['area_under_roc_curve', 'RocAuc', undefined],
    ['root_relative_squared_error', 'RootRelativeSquaredError', undefined],
  ];
  for (const [key, measure, split] of cases) {
    it(`"${key}" is ${measure}${split ? ` on the ${split}` : ' with no split'}`, () => {
      assert.deepEqual(set.resolveMetric(key), split ? { measure, split } : { measure });
    });
  }

  const summaries: [string, { measure: string; split?: string; aggregation?: string }][] = [
    ['best_val_accuracy', { measure: 'Accuracy', split: 'ValidationSplit', aggregation: 'Best' }],
    ['val_loss_epoch', { measure: 'Loss', split: 'ValidationSplit', aggregation: 'Mean' }],
    ['train_loss_step', { measure: 'Loss', split: 'TrainingSplit', aggregation: 'Last' }],
    ['max_val_acc', { measure: 'Accuracy', split: 'ValidationSplit', aggregation: 'Max' }],
    ['max_error', { measure: 'MaxError' }],
    ['test_max_error', { measure: 'MaxError', split: 'TestSplit' }],
  ];
  for (const [key, expected] of summaries) {
    it(`"${key}" is ${expected.measure}${expected.split ? ` on the ${expected.split}` : ''}${expected.aggregation ? `, ${expected.aggregation}` : ''}`, () => {
      assert.deepEqual(set.resolveMetric(key), expected);
    });
  }

  it('leaves keys that name no known measure unresolved', () => {
    assert.equal(set.resolveMetric('val_my_custom_thing'), undefined);
    assert.equal(set.resolveMetric('gpu_memory'), undefined);
  });
});
