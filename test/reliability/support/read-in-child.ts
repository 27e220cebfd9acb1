/**
 * Drains one registered importer in this process and prints what it yielded as JSON: run by tests in
 * a child process with a small heap (`--max-old-space-size`), where running out of memory is a crash
 * the parent sees, not a slow death of the test runner.
 * Usage: node --max-old-space-size=256 --import tsx read-in-child.ts <importer id> <location>
 */
import { importerById } from '../../../src/importers/registry.js';

const [id, location] = process.argv.slice(2);
const runs: unknown[] = [];
const issues: unknown[] = [];
for await (const item of importerById(id).read(location)) {
  if (item.kind === 'run') runs.push(item.record);
  else issues.push(item.issue);
}
const heapUsedBytes = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ runs: runs.length, issues, heapUsedBytes }));
