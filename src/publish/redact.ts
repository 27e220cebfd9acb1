/**
 * The secrets and privacy filter applied to a publication's quads. A parameter setting, tag, agent or
 * artifact with anything sensitive is withheld whole (its value, its key-bearing IRI and the links to
 * it), so no half-described node is published; any other sensitive literal loses just its triple; an
 * IRI segment that is itself sensitive (an experiment named after a home folder) is replaced by a hash.
 * Findings say where and why, never the value.
 */
import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Literal, NamedNode, Quad, Term } from '@rdfjs/types';
import { NS, dcterms, mls, prov, rdf, rg, schema } from '../vocab/namespaces.js';
import { allowedBy, DEFAULT_RULES, type RedactionRules } from './redaction-rules.js';
import { detectJson, detectKey, detectValue, type Category, type Detection } from './sensitive-values.js';

export interface Finding {
  /** The node concerned, as published (IRI segments already replaced). */
  node: string;
  /** The key (parameter, tag, config path) or the property's prefixed name. */
  field: string;
  category: Category;
  reason: string;
  /** `node`: withheld whole; `triple`: one statement withheld; `iri`: an IRI segment replaced. */
  action: 'node' | 'triple' | 'iri';
  /** Set when an allow rule let it through (then nothing was withheld). */
  allowedBecause?: string;
}

export interface RedactionResult {
  quads: Quad[];
  /** Everything found: withheld ones and those an allow rule published. */
  findings: Finding[];
  /** IRIs whose sensitive segments were replaced: original → published. */
  renamed: Map<string, string>;
}

/** Nodes withheld whole when any of their values is sensitive. */
const WHOLE_NODE_TYPES = [mls.HyperParameterSetting, mls.HyperParameter, rg.Tag, prov.Person, prov.Agent, schema.MediaObject, rg.RegisteredModelVersion].map((t) => t.value);
/** Values that are version strings, where four dotted numbers are not an IP address. */
const VERSION_PREDICATES = new Set([schema.softwareVersion.value, schema.version.value]);

export function redactQuads(quads: Quad[], rules: RedactionRules = DEFAULT_RULES): RedactionResult {
  const types = new Map<string, Set<string>>();
  const keys = new Map<string, string>();
  for (const q of quads) {
    if (q.predicate.equals(rdf.type)) getOrAdd(types, q.subject.value).add(q.object.value);
  }
  for (const q of quads) {
    const t = types.get(q.subject.value);
    if (q.predicate.equals(rg.tagKey) || q.predicate.equals(rg.loggedKey) || (q.predicate.equals(dcterms.identifier) && (t?.has(mls.HyperParameterSetting.value) || t?.has(mls.HyperParameter.value)))) {
      keys.set(q.subject.value, q.object.value);
    }
  }
  // A setting without a key of its own is named by its hyperparameter (decision 0005).
  for (const q of quads) {
    if (!q.predicate.equals(mls.specifiedBy) || keys.has(q.subject.value) || !types.get(q.subject.value)?.has(mls.HyperParameterSetting.value)) continue;
    const key = keys.get(q.object.value);
    if (key !== undefined) keys.set(q.subject.value, key);
  }

  const renamed = renameSensitiveIris(quads, rules);
  const findings: Finding[] = [...renamed.findings];
  const published = (term: Term): string => renamed.map.get(term.value) ?? term.value;
  const withheldNodes = new Set<string>();
  const withheldQuads = new Set<Quad>();
  const record = (node: Term, field: string, key: string, value: string, detection: Detection, action: Finding['action']): boolean => {
    const allow = allowedBy(rules, { category: detection.category, key, value });
    findings.push({ node: published(node), field, ...detection, action, ...(allow ? { allowedBecause: allow.reason ?? 'allow rule' } : {}) });
    return allow === undefined;
  };

  // Key names: a setting or tag named like a secret, and every agent (its label is a user name).
  for (const [node, key] of keys) {
    const whole = isWholeNode(types.get(node));
    const detection = keyDetection(key, rules);
    if (detection && record(DataFactory.namedNode(node), key, key, key, detection, whole ? 'node' : 'triple') && whole) withheldNodes.add(node);
  }
  for (const [node, t] of types) {
    if (!t.has(prov.Person.value) && !t.has(prov.Agent.value)) continue;
    // An agent's IRI ends in the user name: the finding shows a hash of it instead.
    const shown = DataFactory.namedNode(node.replace(/[^/]+$/, (name) => `withheld-${hash(name)}`));
    if (record(shown, 'rdfs:label', 'agent', '', { category: 'user-name', reason: 'agent' }, 'node')) withheldNodes.add(node);
  }
  // Values.
  for (const q of quads) {
    if (q.object.termType !== 'Literal' || withheldNodes.has(q.subject.value)) continue;
    const whole = isWholeNode(types.get(q.subject.value));
    const key = keys.get(q.subject.value) ?? prefixed(q.predicate.value);
    for (const { field, detection } of valueDetections(q.object, key, rules, VERSION_PREDICATES.has(q.predicate.value))) {
      if (!record(q.subject, field, key, q.object.value, detection, whole ? 'node' : 'triple')) continue;
      if (whole) withheldNodes.add(q.subject.value);
      else withheldQuads.add(q);
    }
  }

  // A setting of a withheld hyperparameter would point nowhere: it goes too.
  for (const q of quads) if (q.predicate.equals(mls.specifiedBy) && withheldNodes.has(q.object.value) && types.get(q.subject.value)?.has(mls.HyperParameterSetting.value)) withheldNodes.add(q.subject.value);
  const kept = quads.filter((q) => !withheldQuads.has(q) && !withheldNodes.has(q.subject.value) && !withheldNodes.has(q.object.value));
  return { quads: kept.map((q) => renameQuad(q, renamed.map)), findings, renamed: renamed.map };
}

function keyDetection(key: string, rules: RedactionRules): Detection | undefined {
  const custom = rules.withholdKeys.find((r) => r.test(key));
  return custom ? { category: 'custom', reason: `rule:${custom.source}` } : detectKey(key);
}

function valueDetections(literal: Literal, key: string, rules: RedactionRules, versionLike: boolean): { field: string; detection: Detection }[] {
  const found: { field: string; detection: Detection }[] = [];
  for (const r of rules.withholdValues) if (r.test(literal.value)) found.push({ field: key, detection: { category: 'custom', reason: `rule:${r.source}` } });
  if (literal.datatype.value === rdf.JSON.value) {
    try {
      for (const { path, detection } of detectJson(JSON.parse(literal.value) as unknown)) found.push({ field: path ? `${key}.${path}` : key, detection });
      return found;
    } catch {
      // Not valid JSON after all: check it as text.
    }
  }
  for (const detection of detectValue(literal.value, { versionLike })) found.push({ field: key, detection });
  return found;
}

/** IRIs under the instance namespace whose decoded segments look sensitive get a hashed segment. */
function renameSensitiveIris(quads: Quad[], rules: RedactionRules): { map: Map<string, string>; findings: Finding[] } {
  const map = new Map<string, string>();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const q of quads) {
    for (const term of [q.subject, q.object]) {
      if (term.termType !== 'NamedNode' || !term.value.startsWith(NS.id) || seen.has(term.value)) continue;
      seen.add(term.value);
      const parts = term.value.slice(NS.id.length).split(/([/#])/);
      let changed = false;
      const pending: Finding[] = [];
      const out = parts.map((part) => {
        if (part === '/' || part === '#' || part === '') return part;
        const decoded = safeDecode(part);
        const detections = [...detectValue(decoded), ...rules.withholdValues.filter((r) => r.test(decoded)).map((r): Detection => ({ category: 'custom', reason: `rule:${r.source}` }))];
        const blocking = detections.filter((d) => !allowedBy(rules, { category: d.category, key: 'iri', value: decoded }));
        if (blocking.length === 0) return part;
        changed = true;
        for (const d of blocking) pending.push({ node: '', field: 'iri', ...d, action: 'iri' });
        return `withheld-${hash(decoded)}`;
      });
      if (!changed) continue;
      const replacement = NS.id + out.join('');
      map.set(term.value, replacement);
      for (const f of pending) findings.push({ ...f, node: replacement });
    }
  }
  return { map, findings };
}

function renameQuad(q: Quad, map: Map<string, string>): Quad {
  if (map.size === 0) return q;
  const rename = <T extends Term>(t: T): T => (t.termType === 'NamedNode' && map.has(t.value) ? (DataFactory.namedNode(map.get(t.value)!) as unknown as T) : t);
  return DataFactory.quad(rename(q.subject), rename(q.predicate as NamedNode), rename(q.object), q.graph);
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

function isWholeNode(t: Set<string> | undefined): boolean {
  return t !== undefined && WHOLE_NODE_TYPES.some((w) => t.has(w));
}

function prefixed(iri: string): string {
  for (const [prefix, base] of Object.entries(NS)) if (prefix !== 'id' && iri.startsWith(base)) return `${prefix}:${iri.slice(base.length)}`;
  return iri;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function getOrAdd<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
