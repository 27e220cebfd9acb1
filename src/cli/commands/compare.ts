import type { Command } from 'commander';
import { compareSeedGroups, countStatuses, GROUP_BY, type Comparison, type GroupBy } from '../../query/compare-seed-groups.js';
import { mappingsFor, withArchive, type ArchiveOptions } from '../archive.js';
import { FORMATS, renderResult } from '../render.js';
import { checkFormat, tabularResult } from '../tabular.js';

interface CompareFlags { dataset: string; measure: string; split?: string; by: string; format: string }

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare groups of runs that differ only in their random seed: n, mean ± sd, 95% CI, best, and a Welch t-test for two groups')
    .requiredOption('-d, --dataset <name|digest>', 'dataset name or content digest')
    .option('-m, --measure <iri>', 'measure concept', 'rgm:Accuracy')
    .option('-s, --split <iri>', 'only values on this split (cr:TestSplit, cr:ValidationSplit, cr:TrainingSplit)')
    .option('--by <what>', `group label: ${GROUP_BY.join('|')}`, 'implementation')
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .addHelpText('after', '\nExample:\n  rungraph compare --dataset credit-g --measure rgm:Accuracy --split cr:TestSplit --by algorithm')
    .action(async (flags: CompareFlags, command: Command) => {
      const format = checkFormat(flags.format);
      if (!GROUP_BY.includes(flags.by as GroupBy)) throw new TypeError(`--by must be one of ${GROUP_BY.join(', ')}`);
      const global = command.optsWithGlobals<ArchiveOptions>();
      const comparison = await withArchive(global, { readOnly: true }, (store) =>
        compareSeedGroups(store, { dataset: flags.dataset, measure: flags.measure, split: flags.split, by: flags.by as GroupBy }, mappingsFor(global)));
      process.stdout.write(`${format === 'json' ? JSON.stringify(comparison, null, 2) : render(comparison, format)}\n`);
      for (const warning of comparison.warnings) process.stderr.write(`warning: ${warning}\n`);
    });
}

/** `1 failed: run-7`; only finished runs enter n, mean and best. */
const leftOut = (runs: Comparison['unfinished'][number]['leftOut']): string | undefined =>
  runs.length === 0 ? undefined : `${countStatuses(runs)}: ${runs.map((r) => r.id).join(' ')}`;

function render(c: Comparison, format: Parameters<typeof renderResult>[1]): string {
  const round = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : Number(v.toPrecision(4)));
  const table = tabularResult(
    ['group', 'split', 'settings', 'n', 'mean', 'sd', 'ci95', 'best', 'bestRun', 'leftOut'],
    [...c.groups.map((g) => ({
      group: g.label,
      split: g.split,
      settings: g.settings.join(' '),
      n: g.n,
      mean: round(g.mean),
      sd: round(g.sd),
      ci95: g.ci ? `[${round(g.ci[0])}, ${round(g.ci[1])}]` : undefined,
      best: g.best,
      bestRun: g.bestRun,
      leftOut: leftOut(g.leftOut),
    })),
    // Groups where no run finished still get a row, so the table says why they have no statistics.
    ...c.unfinished.map((g) => ({ group: g.label, split: g.split, settings: g.settings.join(' '), n: 0, leftOut: leftOut(g.leftOut) }))],
  );
  const lines = [renderResult(table, format)];
  if (c.test) {
    const t = c.test;
    lines.push('', `Welch t-test, ${t.a} − ${t.b}: difference ${round(t.difference)} (95% CI [${round(t.ci[0])}, ${round(t.ci[1])}]), t = ${round(t.t)}, df = ${round(t.df)}, p = ${round(t.p)}`);
    lines.push(t.exceedsNoise ? 'The difference exceeds the seed-to-seed noise (p < 0.05).' : 'The difference is within the seed-to-seed noise (p ≥ 0.05).');
  }
  return lines.join('\n');
}
