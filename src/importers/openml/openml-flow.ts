/**
 * OpenML flows (`oml:flow`): the implementation a run executed, with its library versions and the
 * defaults of its hyper-parameters. Exposed for the mapping, which describes implementations.
 */
import type { ParamValue } from '../../model/run-record.js';
import { parseParamString } from '../../model/param-value.js';
import { type OmlNode, child, isNode, many, parseOmlDocument, text } from './openml-document.js';

export interface OpenmlFlowParameter {
  name: string;
  dataType?: string;
  /** Typed from the text the server stores; absent when the flow gives none. */
  defaultValue?: ParamValue;
  description?: string;
}

export interface OpenmlFlow {
  id?: string;
  /** Class or command the flow wraps, e.g. `sklearn.ensemble.RandomForestClassifier` or `weka.J48`. */
  name: string;
  version?: string;
  externalVersion?: string;
  /** Library (lower-case, PyPI name where there is one) → version, from `external_version` / `dependencies`. */
  libraries: Record<string, string>;
  parameters: OpenmlFlowParameter[];
  /** Sub-flows (pipeline steps) keyed by their identifier. */
  components: Record<string, OpenmlFlow>;
  tags: string[];
  uploadDate?: string;
  description?: string;
}

/** OpenML writes Python package import names; the record wants PyPI names. */
const PYPI_NAMES: Record<string, string> = { sklearn: 'scikit-learn', torch: 'torch', mxnet: 'mxnet', keras: 'keras' };

/**
 * `sklearn==1.0.0,numpy>=1.6.1` or Weka's `Weka_3.7.12` → {scikit-learn: '1.0.0', weka: '3.7.12'}.
 * Only exact pins (`==` or `Name_version`) count as versions; ranges are requirements, not versions.
 */
export function librariesFromVersionString(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (value ?? '').split(/[,\n]/)) {
    const item = part.trim();
    const pinned = /^([A-Za-z][\w.-]*)\s*==\s*([\w.+-]+)$/.exec(item) ?? /^([A-Za-z][A-Za-z-]*)_(\d[\w.+-]*)$/.exec(item);
    if (pinned === null) continue;
    const name = pinned[1].toLowerCase();
    out[PYPI_NAMES[name] ?? name] = pinned[2];
  }
  return out;
}

/** Reads a flow document (XML or JSON text). Throws SyntaxError when it is not one. */
export function parseOpenmlFlowText(source: string, kind: 'xml' | 'json'): OpenmlFlow {
  const doc = parseOmlDocument(source, kind);
  if (doc.root !== 'flow') throw new SyntaxError(`expected an oml:flow document, found ${doc.root}`);
  return parseOpenmlFlow(doc.body);
}

/** Reads the body of an `oml:flow` element. */
export function parseOpenmlFlow(node: OmlNode): OpenmlFlow {
  const externalVersion = text(node.external_version);
  const parameters: OpenmlFlowParameter[] = [];
  for (const p of many(node.parameter)) {
    if (!isNode(p)) continue;
    const name = text(p.name);
    if (name === undefined) continue;
    const defaultText = text(p.default_value);
    parameters.push({
      name,
      dataType: text(p.data_type),
      defaultValue: defaultText === undefined ? undefined : parseParamString(defaultText),
      description: text(p.description),
    });
  }
  const components: Record<string, OpenmlFlow> = {};
  for (const c of many(node.component)) {
    if (!isNode(c)) continue;
    const sub = child(c, 'flow');
    const identifier = text(c.identifier);
    if (sub !== undefined && identifier !== undefined) components[identifier] = parseOpenmlFlow(sub);
  }
  return {
    id: text(node.id),
    name: text(node.name) ?? '',
    version: text(node.version),
    externalVersion,
    libraries: { ...librariesFromVersionString(text(node.dependencies)), ...librariesFromVersionString(externalVersion) },
    parameters,
    components,
    tags: many(node.tag).map(text).filter((t): t is string => t !== undefined),
    uploadDate: text(node.upload_date),
    description: text(node.description),
  };
}

/** `weka.BayesNet_K2(1)` → `weka.BayesNet_K2`: a run names its flow with the flow version appended. */
export function flowClassName(fullName: string): string {
  return fullName.replace(/\(\d+\)$/, '');
}
