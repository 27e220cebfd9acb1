/**
 * Cold `rungraph query` (process start → printed result) while a warm `rungraph serve` of the same archive
 * runs: the server loads the archive once, and each query process finds it through serve.json and asks it
 * instead of loading the archive itself (docs/stores.md, "Keep a warm archive").
 */
import { spawn } from 'node:child_process';
import { findServer } from '../src/store/serve/serve-discovery.js';
import type { BenchQuery } from './bench-queries.js';
import { repoDir, runChild } from './child-process.js';

export interface ServedColdTiming {
  id: string;
  medianMs: number;
  /** Rows the query printed (CSV lines after the header). */
  rows: number;
  /** From starting `rungraph serve` to its announcing the endpoint: the one archive load. */
  serveStartSeconds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function coldQueryWithServer(cli: string, archive: string, query: BenchQuery, repeats: number): Promise<ServedColdTiming> {
  const started = performance.now();
  const server = spawn(process.execPath, [cli, '--archive', archive, 'serve', '--port', '0'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      server.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/^serving .* at http/m.test(stderr)) resolve();
      });
      void exited.then((code) => reject(new Error(`rungraph serve exited (${code}) before serving: ${stderr.slice(-1000)}`)));
    });
    const serveStartSeconds = (performance.now() - started) / 1000;
    // The query processes fall back to loading the archive silently; make sure they will find the server.
    if (!(await findServer(archive))) throw new Error(`rungraph serve of ${archive} is running but cannot be found through its serve.json`);
    const params = Object.entries(query.params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
    const samples: number[] = [];
    let rows = -1;
    for (let i = 0; i < repeats; i++) {
      const child = await runChild([cli, '--archive', archive, 'query', query.file, ...params, '--format', 'csv']);
      if (child.code !== 0) throw new Error(`rungraph query ${query.id} (served) failed: ${child.stderr.slice(-1000)}`);
      samples.push(child.ms);
      rows = child.stdout.trim().split('\n').length - 1;
    }
    return { id: query.id, medianMs: median(samples), rows, serveStartSeconds };
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}
