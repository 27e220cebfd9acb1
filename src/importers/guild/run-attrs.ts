/**
 * A Guild run's `.guild/opref` and `.guild/attrs/*` files. Each attr file is one YAML document;
 * scalars keep their source text so that a flag written `1.0` stays a float parameter.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import { parse as parseShell } from 'shell-quote';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { yamlBudgetRefusal } from '../../yaml-budget.js';
import type { ParamValue } from '../../model/run-record.js';
import { paramFromValue } from '../../model/param-value.js';

export interface Opref {
  pkgType: string;
  pkgName: string;
  pkgVersion: string;
  model: string;
  op: string;
}

const MAX_OPREF = 64 * 1024;
/** Caps YAML alias expansion so an alias bomb in an attr is an issue, not an out-of-memory. */
const MAX_ALIAS_COUNT = 100;

/** `<pkg_type>:<pkg_name> <pkg_version> <model_name> <op_name>`, shlex-quoted. */
export function parseOpref(line: string): Opref | undefined {
  // A real opref is one short line; shell-quote recurses per token and overflows the stack on megabytes.
  if (line.length > MAX_OPREF) return undefined;
  // Environment references are kept literally: an opref is never expanded by a shell.
  const parts = parseShell(line.trim(), (name) => `$${name}`);
  if (parts.length !== 4 || parts.some((p) => typeof p !== 'string')) return undefined;
  const [pkg, pkgVersion, model, op] = parts as string[];
  const colon = pkg.indexOf(':');
  if (colon < 0) return undefined;
  return { pkgType: pkg.slice(0, colon), pkgName: pkg.slice(colon + 1), pkgVersion, model, op };
}

export type AttrResult = { ok: true; value: unknown; node: Node | null } | { ok: false; message: string; code?: string };

export function readAttr(guildDir: string, name: string): AttrResult | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(guildDir, 'attrs', name), 'utf8');
  } catch (e) {
    // Missing attrs are normal; one behind a link leading out of the source is worth saying.
    return fs.isOutsideSourceError(e) ? { ok: false, message: e.message, code: 'unreadable_file' } : undefined;
  }
  const refusal = yamlBudgetRefusal(text);
  if (refusal) return { ok: false, message: refusal.message, code: refusal.code };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: doc.errors[0].message };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), node: doc.contents as Node | null };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Flags map → parameters; a scalar's raw text is its source text (`1.0`, `'0.1'`, `null`). */
export function flagsToParams(node: Node | null): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  if (!isMap(node)) return params;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const valueNode = pair.value as Node | null;
    if (isScalar(valueNode)) {
      const value = valueNode.value;
      const source = (valueNode as { source?: string }).source;
      params[key] = typeof value === 'string' ? paramFromValue(value) : paramFromValue(value, source ?? String(value));
    } else {
      const value = valueNode === null ? null : valueNode.toJSON();
      params[key] = paramFromValue(value);
    }
  }
  return params;
}
