/**
 * How the WASM engine fails at its 4 GiB limit, reached quickly with large literals (the run-shaped probe,
 * measure-capacity.ts, grows far slower): what it throws, at how much memory, and whether the store still
 * answers a query afterwards. Prints JSON lines; run it in its own process.
 */
import { wasmMemoryBytes } from './wasm-memory.js';

const { default: oxigraph } = await import('oxigraph');
const store = new oxigraph.Store();
const literal = 'x'.repeat(1024 * 1024);
let graphs = 0;
const line = (v: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(v)}\n`);
try {
  for (;;) {
    const lines: string[] = [];
    for (let i = 0; i < 64; i++, graphs++) lines.push(`<urn:s:${graphs}> <urn:p> "${literal}${graphs}" <urn:g:${graphs}> .\n`);
    store.load(lines.join(''), { format: 'application/n-quads' });
    if (graphs % 512 === 0) line({ graphs, wasmBytes: wasmMemoryBytes() });
  }
} catch (e) {
  line({ failed: true, graphs, wasmBytes: wasmMemoryBytes(), error: (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0] });
}
try {
  const n = store.query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }') as Map<string, { value: string }>[];
  line({ queryAfterFailure: 'answered', count: n[0]?.get('n')?.value });
} catch (e) {
  line({ queryAfterFailure: 'threw', error: (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0] });
}
