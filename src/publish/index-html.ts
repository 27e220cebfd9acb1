/**
 * The human-readable page beside each publication: the runs, a comparison table of settings and
 * results, and the Wikidata entities the concepts link to. Every text and attribute is escaped, and only
 * http(s) IRIs become links, so a run named `<script>` stays text.
 */
import type { Term } from '@rdfjs/types';
import { NS } from '../vocab/namespaces.js';
import type { ConceptSummary, RunSummary, SoftwareSummary } from './summarize.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function link(iri: string, label: string): string {
  return /^https?:\/\//i.test(iri) ? `<a href="${escapeHtml(iri)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

const formatNumber = (n: number): string => (Number.isFinite(n) && !Number.isInteger(n) ? String(Number(n.toPrecision(6))) : String(n));

function termText(term: Term | undefined): string {
  if (!term) return '';
  return term.termType === 'Literal' && /#(double|float|decimal)$/.test(term.datatype.value) ? formatNumber(Number(term.value)) : term.value;
}

const wdLinks = (ids: string[]): string => ids.map((id) => ` (${link(id, `wd:${id.slice(NS.wd.length)}`)})`).join('');

export function renderIndexHtml(runs: RunSummary[], options: { title: string; generated: string; dataFile: string }): string {
  // Settings worth comparing: those some run set away from the default.
  const settingKeys = [...new Set(runs.flatMap((r) => r.settings.filter((s) => !s.isDefault).map((s) => s.key)))].sort();
  const metricKeys = [...new Set(runs.flatMap((r) => r.evaluations.filter((e) => e.aggregation === 'last').map((e) => e.key)))].sort();
  const header = ['run', 'experiment', 'status', 'implementation', 'algorithm', ...settingKeys, ...metricKeys.map((k) => `${k} (last)`)];
  const rows = runs.map((r) => {
    const setting = (k: string) => escapeHtml(termText(r.settings.find((s) => s.key === k)?.value));
    const metric = (k: string) => {
      const e = r.evaluations.find((x) => x.key === k && x.aggregation === 'last');
      return e ? escapeHtml(formatNumber(e.value)) : '';
    };
    const algorithm = r.implementation?.algorithm;
    return [
      link(r.iri, r.label ?? r.id),
      escapeHtml(r.experiment ?? ''),
      escapeHtml(r.status ?? ''),
      escapeHtml(r.implementation?.id ?? ''),
      algorithm ? link(algorithm.iri, algorithm.label) + wdLinks(algorithm.wikidata) : '',
      ...settingKeys.map(setting),
      ...metricKeys.map(metric),
    ];
  });

  const concepts = new Map<string, ConceptSummary | SoftwareSummary>();
  for (const r of runs) {
    for (const c of [r.implementation?.algorithm, r.implementation?.library, ...r.evaluations.map((e) => e.measure), ...r.software]) {
      if (c && c.wikidata.length > 0) concepts.set(c.iri, c);
    }
  }
  const conceptItems = [...concepts.values()]
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
    .map((c) => `      <li>${link(c.iri, nameOf(c))} — ${c.wikidata.map((id) => link(id, `Wikidata ${id.slice(NS.wd.length)}`)).join(', ')}</li>`);

  const runItems = runs.map((r) => {
    const facts = [
      `tracker ${escapeHtml(r.tracker)}, id <code>${escapeHtml(r.id)}</code>`,
      r.startTime ? `started ${escapeHtml(r.startTime)}` : '',
      r.endTime ? `ended ${escapeHtml(r.endTime)}` : '',
      r.datasets.length ? `data: ${r.datasets.map((d) => link(d.iri, d.name ?? d.iri)).join(', ')}` : '',
    ].filter(Boolean);
    return `      <li>${link(r.iri, r.label ?? r.id)}: ${facts.join('; ')}</li>`;
  });

  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(options.title)}</title>
    <link rel="alternate" href="${escapeHtml(options.dataFile)}">
    <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}</style>
  </head>
  <body>
    <h1>${escapeHtml(options.title)}</h1>
    <p>${runs.length} run${runs.length === 1 ? '' : 's'}, published ${escapeHtml(options.generated)}. Machine-readable: <a href="${escapeHtml(options.dataFile)}">${escapeHtml(options.dataFile)}</a>.</p>
    <h2>Runs</h2>
    <ul>
${runItems.join('\n')}
    </ul>
    <h2>Comparison</h2>
    <table>
      <thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
      <tbody>
${rows.map((cells) => `        <tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
      </tbody>
    </table>
    <h2>Linked Wikidata entities</h2>
    <ul>
${conceptItems.join('\n')}
    </ul>
  </body>
</html>
`;
}

const nameOf = (c: ConceptSummary | SoftwareSummary): string => ('label' in c ? c.label : `${c.name}${c.version ? ` ${c.version}` : ''}`);
