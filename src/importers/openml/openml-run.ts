/**
 * An OpenML run description (`oml:run`) → a run record. Evaluation key scheme (docs/importers/openml.md):
 * `<measure>` is the aggregate (one point, step 0), `<measure>.fold` the per-fold series with
 * step = repeat × folds + fold (× samples + sample for learning curves), `<measure>.stdev` the
 * reported deviation and `<measure>.per_class` the per-class `array_data` (step = class index).
 */
import type { MetricPoint, ParamValue, RunRecordInput } from '../../model/run-record.js';
import { parseParamString } from '../../model/param-value.js';
import { type OmlNode, child, isNode, many, text } from './openml-document.js';
import { type OpenmlFlow, flowClassName } from './openml-flow.js';
import { parseJson } from '../json-budget.js';

export interface OpenmlTask {
  id: string;
  type?: string;
  estimationProcedure?: { type?: string; parameters: Record<string, string> };
  datasetId?: string;
  targetFeature?: string;
}

export interface OpenmlContext {
  flows: Map<string, OpenmlFlow>;
  tasks: Map<string, OpenmlTask>;
  /** setup id → parameter values, used when a run description lists no parameter settings. */
  setups: Map<string, Record<string, ParamValue>>;
}

type IssueFn = (code: string, message: string, fieldPath: (string | number)[]) => void;

/** Reads the body of an `oml:task` element (estimation procedure and source data). */
export function parseOpenmlTask(node: OmlNode): OpenmlTask | undefined {
  const id = text(node.task_id);
  if (id === undefined) return undefined;
  const task: OpenmlTask = { id, type: text(node.task_type) };
  for (const input of many(node.input)) {
    if (!isNode(input)) continue;
    const procedure = child(input, 'estimation_procedure');
    if (procedure !== undefined) {
      const parameters: Record<string, string> = {};
      for (const p of many(procedure.parameter)) {
        if (isNode(p) && typeof p.name === 'string' && text(p) !== undefined) parameters[p.name] = text(p)!;
      }
      task.estimationProcedure = { type: text(procedure.type), parameters };
    }
    const data = child(input, 'data_set');
    if (data !== undefined) {
      task.datasetId = text(data.data_set_id);
      task.targetFeature = text(data.target_feature);
    }
  }
  return task;
}

/** Reads an `oml:setup_parameters` body; sub-flow parameters are keyed `<flow id>.<name>` like run settings. */
export function parseOpenmlSetup(node: OmlNode): { id: string; params: Record<string, ParamValue> } | undefined {
  const id = text(node.setup_id);
  if (id === undefined) return undefined;
  const flowId = text(node.flow_id);
  const params: Record<string, ParamValue> = {};
  for (const p of many(node.parameter)) {
    const name = isNode(p) ? text(p.parameter_name) : undefined;
    if (!isNode(p) || name === undefined) continue;
    const owner = text(p.flow_id);
    params[owner === undefined || owner === flowId ? name : `${owner}.${name}`] = parseParamString(text(p.value) ?? '');
  }
  return { id, params };
}

export function openmlRunRecord(run: OmlNode, location: string, context: OpenmlContext, issue: IssueFn): RunRecordInput | undefined {
  const runId = text(run.run_id);
  if (runId === undefined) {
    issue('missing_field', 'run_id is missing', ['run_id']);
    return undefined;
  }
  const tags: Record<string, string> = {};
  const setTag = (key: string, value: string | undefined): void => {
    if (value !== undefined) tags[key] = value;
  };
  const taskId = text(run.task_id);
  const flowId = text(run.flow_id);
  const flowName = text(run.flow_name);
  setTag('openml.task_type', text(run.task_type));
  setTag('openml.flow_id', flowId);
  setTag('openml.flow_name', flowName);
  setTag('openml.setup_id', text(run.setup_id));
  setTag('openml.setup_string', text(run.setup_string));
  setTag('openml.uploader', text(run.uploader));
  const error = text(run.error) ?? text(run.error_message);
  setTag('openml.error', error);
  for (const t of many(run.tag)) {
    const name = text(t);
    if (name !== undefined) tags[`openml.tag.${name}`] = 'true';
  }

  const flow = flowId === undefined ? undefined : context.flows.get(flowId);
  const task = taskId === undefined ? undefined : context.tasks.get(taskId);
  if (task?.estimationProcedure !== undefined) {
    setTag('openml.estimation_procedure', task.estimationProcedure.type);
    for (const [k, v] of Object.entries(task.estimationProcedure.parameters)) tags[`openml.estimation_procedure.${k}`] = v;
  }

  const record: RunRecordInput = {
    source: { tracker: 'openml', location, runId },
    experiment: taskId === undefined ? undefined : { id: taskId, name: `task ${taskId}` },
    status: error === undefined ? 'finished' : 'failed',
    user: text(run.uploader_name),
    implementation: flowName === undefined ? flow?.name : flowClassName(flowName),
    params: {},
    metrics: readEvaluations(run, task, tags, issue),
    tags,
    datasets: [],
    artifacts: [],
  };
  if (flow !== undefined && Object.keys(flow.libraries).length > 0) record.environment = { libraries: flow.libraries };
  if (flow?.version !== undefined) setTag('openml.flow_version', flow.version);

  const params = record.params as Record<string, ParamValue>;
  for (const [i, setting] of many(run.parameter_setting).entries()) {
    const name = isNode(setting) ? text(setting.name) : undefined;
    if (!isNode(setting) || name === undefined) {
      issue('invalid_type', `parameter_setting[${i}] has no name`, ['parameter_setting', i]);
      continue;
    }
    // Pipeline parameters repeat names across steps: the component (sub-flow id) keeps them apart.
    const component = text(setting.component);
    params[component === undefined ? name : `${component}.${name}`] = parseParamString(text(setting.value) ?? '');
  }
  const setupId = text(run.setup_id);
  const setup = setupId === undefined ? undefined : context.setups.get(setupId);
  if (Object.keys(params).length === 0 && setup !== undefined) Object.assign(params, setup);

  const input = child(run, 'input_data');
  for (const dataset of many(input?.dataset)) {
    if (!isNode(dataset)) continue;
    record.datasets!.push({ name: text(dataset.name) ?? text(dataset.did), source: text(dataset.url), context: 'task' });
    setTag('openml.dataset_id', text(dataset.did));
  }
  const output = child(run, 'output_data');
  for (const file of many(output?.file)) {
    if (!isNode(file)) continue;
    const where = text(file.url) ?? text(file.name);
    if (where !== undefined) record.artifacts!.push({ path: where });
  }
  return record;
}

function readEvaluations(run: OmlNode, task: OpenmlTask | undefined, tags: Record<string, string>, issue: IssueFn): Record<string, MetricPoint[]> {
  const evaluations = many(child(run, 'output_data')?.evaluation);
  const metrics: Record<string, MetricPoint[]> = {};
  const perFold: { name: string; repeat: number; fold: number; sample?: number; value: number }[] = [];
  const folds = new Map<string, number>();
  const samples = new Map<string, number>();
  const taskFolds = Number(task?.estimationProcedure?.parameters.number_folds);
  const index = (value: unknown, field: string, i: number): number | undefined => {
    const t = text(value);
    if (t === undefined) return undefined;
    if (!/^\d+$/.test(t)) issue('invalid_type', `evaluation[${i}].${field} is not a non-negative integer: ${t}`, ['output_data', 'evaluation', i, field]);
    return /^\d+$/.test(t) ? Number(t) : NaN;
  };

  for (const [i, evaluation] of evaluations.entries()) {
    const name = isNode(evaluation) ? text(evaluation.name) : undefined;
    if (!isNode(evaluation) || name === undefined) {
      issue('invalid_type', `evaluation[${i}] has no name`, ['output_data', 'evaluation', i]);
      continue;
    }
    const valueText = text(evaluation.value);
    const value = valueText === undefined ? undefined : Number(valueText);
    const repeat = index(evaluation.repeat, 'repeat', i);
    const fold = index(evaluation.fold, 'fold', i);
    const sample = index(evaluation.sample, 'sample', i);
    if ([repeat, fold, sample].some((n) => Number.isNaN(n))) continue;
    if (value !== undefined && Number.isNaN(value)) {
      // A measure reported as text (rare) is kept as a tag.
      tags[`openml.evaluation.${name}`] = valueText!;
    } else if (fold !== undefined || repeat !== undefined) {
      if (value === undefined) continue;
      perFold.push({ name, repeat: repeat ?? 0, fold: fold ?? 0, sample, value });
      folds.set(name, Math.max(folds.get(name) ?? 0, (fold ?? 0) + 1));
      if (sample !== undefined) samples.set(name, Math.max(samples.get(name) ?? 0, sample + 1));
      continue;
    } else if (value !== undefined) {
      metrics[name] = [{ step: 0, value }];
    }
    const stdev = text(evaluation.stdev);
    if (stdev !== undefined && !Number.isNaN(Number(stdev))) metrics[`${name}.stdev`] = [{ step: 0, value: Number(stdev) }];
    const array = arrayData(evaluation.array_data);
    if (array === undefined) continue;
    if (array.every((v) => typeof v === 'number')) metrics[`${name}.per_class`] = (array as number[]).map((v, step) => ({ step, value: v }));
    else tags[`openml.evaluation.${name}`] = array.map(String).join(', ');
  }

  for (const p of perFold) {
    const nFolds = Number.isInteger(taskFolds) && taskFolds > 0 ? taskFolds : folds.get(p.name)!;
    const nSamples = samples.get(p.name);
    const foldIndex = p.repeat * nFolds + p.fold;
    const step = nSamples === undefined ? foldIndex : foldIndex * nSamples + (p.sample ?? 0);
    (metrics[`${p.name}.fold`] ??= []).push({ step, value: p.value });
  }
  for (const series of Object.values(metrics)) series.sort((a, b) => a.step - b.step);
  return metrics;
}

/** `array_data` is a JSON list of numbers, or (e.g. os_information) a bracketed list of bare words. */
function arrayData(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v));
  const raw = text(value);
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = parseJson(raw);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // not JSON: fall through to the word list
  }
  return raw.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim());
}
