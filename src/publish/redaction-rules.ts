/**
 * Redaction rules (a YAML or JSON file given with --rules): `allow` rules publish findings that would
 * otherwise be withheld; `withhold` adds key-name and value patterns of one's own. Every pattern is a
 * regular expression; a rule matches when all the fields it gives match.
 */
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkYamlBudget } from '../yaml-budget.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { CATEGORIES, type Category } from './sensitive-values.js';

const AllowRule = z
  .object({
    category: z.enum(CATEGORIES).optional(),
    /** Matched against the parameter, tag or config key (or the property's prefixed name). */
    key: z.string().optional(),
    /** Matched against the value. */
    value: z.string().optional(),
    /** Why this is safe to publish; shown by --dry-run. */
    reason: z.string().optional(),
  })
  .strict()
  .refine((r) => r.category !== undefined || r.key !== undefined || r.value !== undefined, 'an allow rule needs a category, key or value');

export const RulesFile = z
  .object({
    allow: z.array(AllowRule).default([]),
    withhold: z.object({ keys: z.array(z.string()).default([]), values: z.array(z.string()).default([]) }).strict().default({ keys: [], values: [] }),
  })
  .strict();

export interface CompiledAllowRule {
  category?: Category;
  key?: RegExp;
  value?: RegExp;
  reason?: string;
}

export interface RedactionRules {
  allow: CompiledAllowRule[];
  withholdKeys: RegExp[];
  withholdValues: RegExp[];
}

export const DEFAULT_RULES: RedactionRules = { allow: [], withholdKeys: [], withholdValues: [] };

/** Parses and compiles a rules document; `file` names it in errors. */
export function compileRules(data: unknown, file: string): RedactionRules {
  const parsed = RulesFile.safeParse(data ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first.path.join('.');
    throw new InputError(`${file}: ${field ? `${field}: ` : ''}${first.message}`, { context: { file, field } });
  }
  const regex = (source: string, field: string): RegExp => {
    try {
      return new RegExp(source, 'i');
    } catch (e) {
      throw new InputError(`${file}: ${field}: invalid regular expression: ${(e as Error).message}`, { context: { file, field } });
    }
  };
  return {
    allow: parsed.data.allow.map((r, i) => ({
      category: r.category,
      key: r.key === undefined ? undefined : regex(r.key, `allow.${i}.key`),
      value: r.value === undefined ? undefined : regex(r.value, `allow.${i}.value`),
      reason: r.reason,
    })),
    withholdKeys: parsed.data.withhold.keys.map((k, i) => regex(k, `withhold.keys.${i}`)),
    withholdValues: parsed.data.withhold.values.map((v, i) => regex(v, `withhold.values.${i}`)),
  };
}

export function loadRules(file: string): RedactionRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read rules file ${file}: ${(e as Error).message}`, { context: { file }, cause: e });
  }
  let data: unknown;
  try {
    checkYamlBudget(text);
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new InputError(`${file}: not YAML or JSON: ${(e as Error).message.split('\n')[0]}`, { context: { file } });
  }
  return compileRules(data, file);
}

/** The first allow rule that covers a finding, if any. */
export function allowedBy(rules: RedactionRules, finding: { category: Category; key: string; value: string }): CompiledAllowRule | undefined {
  return rules.allow.find(
    (r) => (r.category === undefined || r.category === finding.category) && (r.key === undefined || r.key.test(finding.key)) && (r.value === undefined || r.value.test(finding.value)),
  );
}
