/**
 * Reads a YAML data file and validates it with a zod schema, reporting every issue with its file and
 * line (found from the YAML node at the issue's path), the same Issue shape as everywhere else.
 */
import * as fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Issue } from '../errors.js';
import { yamlBudgetRefusal } from '../yaml-budget.js';

export type YamlResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Caps alias expansion so an alias bomb is an error, not an out-of-memory. */
const MAX_ALIAS_COUNT = 100;

export function readYamlFile<S extends z.ZodType>(file: string, schema: S): YamlResult<z.infer<S>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, issues: [{ code: 'unreadable_file', message: (e as Error).message, path: [], file, severity: 'error' }] };
  }
  const refusal = yamlBudgetRefusal(text);
  if (refusal) return { ok: false, issues: [{ code: refusal.code, message: refusal.message, path: [], file, severity: 'error' }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ code: 'invalid_yaml', message: e.message.split('\n')[0], path: [], file, line: e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line, severity: 'error' as const })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return { ok: false, issues: [{ code: 'invalid_yaml', message: (e as Error).message, path: [], file, severity: 'error' }] };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const issuePath = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { code: i.code, message: `${issuePath.join('.') || '(file)'}: ${i.message}`, path: issuePath, file, line: lineOf(doc, lines, issuePath), severity: 'error' as const };
    }),
  };
}

/** The line of the deepest node that exists along the path (1-based). */
export function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, issuePath: (string | number)[]): number | undefined {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = doc.getIn(issuePath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
