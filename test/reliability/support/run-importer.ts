/**
 * Drains an importer under watch: a time limit (an importer that never yields again is a hang) and the
 * largest heap growth seen while it ran (an importer that allocates what a length field says shows here).
 */
import type { Issue } from '../../../src/errors.js';
import type { Importer } from '../../../src/importers/importer.js';

export interface WatchedRead {
  runs: unknown[];
  issues: Issue[];
  /** Set when the importer threw instead of reporting an issue. */
  crash?: Error;
  timedOut: boolean;
  heapGrowthBytes: number;
}

export async function watchedRead(importer: Importer, location: string, timeoutMs = 30_000): Promise<WatchedRead> {
  const result: WatchedRead = { runs: [], issues: [], timedOut: false, heapGrowthBytes: 0 };
  const start = process.memoryUsage().heapUsed;
  const sample = () => {
    result.heapGrowthBytes = Math.max(result.heapGrowthBytes, process.memoryUsage().heapUsed - start);
  };
  const sampler = setInterval(sample, 10);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const drain = (async () => {
    for await (const item of importer.read(location, { signal: controller.signal })) {
      sample();
      if (item.kind === 'run') result.runs.push(item.record);
      else result.issues.push(item.issue);
    }
  })();
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([drain, timeout])) === 'timeout') {
      result.timedOut = true;
      controller.abort();
    }
  } catch (e) {
    result.crash = e as Error;
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
    sample();
  }
  return result;
}

/** Whether an issue points at the file: by its file field or, failing that, in its message. */
export function namesFile(issue: Issue, relative: string): boolean {
  const parts = relative.split('/');
  const base = parts[parts.length - 1];
  const where = `${issue.file ?? ''} ${issue.message}`;
  return where.includes(base);
}
