/**
 * What a YAML text may cost before the `yaml` library parses it. That library keeps a syntax tree of
 * about 1 KiB per node, whatever the node's text, so 900 KB of `a: [[],[],…]` takes 370 MiB of heap.
 * One pass over the text, allocating nothing, counts an upper estimate of its nodes: every line, flow
 * bracket and comma, and every `- `, `? ` and `: ` indicator. Quotes are not tracked on purpose: a
 * stray quote must not hide what follows it, and counting inside strings only overestimates.
 */
import { ParseBudgetError } from './parse-budget-error.js';

/**
 * About 100–250 MiB of heap at worst. Real files stay far below: a dvc.lock entry (`- path:`, `hash:`,
 * `md5:`, `size:`) counts 9, so this allows some 20,000 of them.
 */
export const MAX_YAML_NODES = 200_000;


const isBreak = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || Number.isNaN(c);

/** The upper estimate of nodes described above. */
export function countYamlNodes(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x5b || c === 0x7b || c === 0x2c) count++; // newline [ { ,
    else if ((c === 0x2d || c === 0x3f || c === 0x3a) && isBreak(text.charCodeAt(i + 1))) count++; // - ? :
  }
  return count;
}

/** The refusal of a text that would make more than MAX_YAML_NODES nodes, for callers that report it; else undefined. */
export function yamlBudgetRefusal(text: string): ParseBudgetError | undefined {
  if (text.length < MAX_YAML_NODES) return undefined; // cannot count more nodes than characters, plus one
  const nodes = countYamlNodes(text);
  if (nodes <= MAX_YAML_NODES) return undefined;
  return new ParseBudgetError('yaml_too_complex', `about ${nodes} YAML nodes (at most ${MAX_YAML_NODES} are read): parsing it would take many times its size in memory; not parsed`);
}

/** Throws that refusal, for callers that parse inside a try of their own. */
export function checkYamlBudget(text: string): void {
  const refusal = yamlBudgetRefusal(text);
  if (refusal) throw refusal;
}
