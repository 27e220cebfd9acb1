import type { Command } from 'commander';
import { findEquivalentRuns, type ReuseReport } from '../../query/find-equivalent-runs.js';
import { readRunPlan } from '../../query/run-plan.js';
import { EXIT } from '../exit-codes.js';
import { mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';
import { FORMATS, renderResult, type Format } from '../render.js';
import { checkFormat, tabularResult } from '../tabular.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerReuse(program: Command): void {
  program
    .command('reuse')
    .description(`find prior runs equivalent to a planned run (exit ${EXIT.ok}) or report that none exists (exit ${EXIT.notFound}), with near runs that differ only in the seed or in --vary parameters`)
    .argument('<plan>', 'JSON or YAML file: implementation or algorithm, hyperparameters, dataset (digest or name), optional split, measure, vary')
    .option('--vary <parameter>', 'a parameter near runs may differ in (repeatable; adds to the plan\'s vary list)', collect, [])
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .addHelpText('after', '\nExample plan (YAML):\n  implementation: sklearn.ensemble.RandomForestClassifier\n  hyperparameters: { n_estimators: 300, max_depth: 12, random_state: 0 }\n  dataset: { name: credit-g }\n\nIn a training script:\n  rungraph reuse plan.yaml --format json > prior.json && echo "already done"')
    .action(async (file: string, flags: { vary: string[]; format: string }, command: Command) => {
      const format = checkFormat(flags.format);
      const plan = readRunPlan(file);
      plan.vary = [...plan.vary, ...flags.vary];
      const global = command.optsWithGlobals<ArchiveOptions>();
      const report = await withArchive(global, { readOnly: true }, (store) => findEquivalentRuns(store, plan, mappingsFor(global)));
      process.stdout.write(`${format === 'json' ? JSON.stringify(report, null, 2) : render(report, format)}\n`);
      process.exitCode = report.equivalent.length > 0 ? EXIT.ok : EXIT.notFound;
    });
}

function render(report: ReuseReport, format: Format): string {
  const matches = [...report.equivalent, ...report.near];
  const table = tabularResult(
    ['match', 'run', 'implementation', 'via', 'differences', 'seed', 'results'],
    matches.map((m) => ({
      match: m.kind === 'equivalent' ? 'equivalent' : m.kind === 'seed' ? 'near: seed' : 'near: parameters',
      run: m.id,
      implementation: m.implementation,
      via: m.via,
      differences: m.differences.map((d) => `${d.parameter}: ${d.planned ?? '-'} → ${d.actual ?? '-'}`).join('; '),
      seed: m.seed.planned === m.seed.actual ? m.seed.actual : `${m.seed.planned ?? '-'} → ${m.seed.actual ?? '-'}`,
      results: m.results.map((r) => `${r.split} ${r.value}`).join('; '),
    })),
  );
  const verdict = report.equivalent.length > 0
    ? `${report.equivalent.length} equivalent prior run${report.equivalent.length === 1 ? '' : 's'} (results: ${report.measure})`
    : `no equivalent prior run${report.near.length > 0 ? `; ${report.near.length} near` : ''}`;
  return `${renderResult(table, format)}\n${verdict}`;
}
