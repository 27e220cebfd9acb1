/**
 * The real `rungraph` CLI for command tests: run to completion from a neutral working directory, or, for
 * `rungraph serve`, the endpoint URL it announces on stderr.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './shared.js';

const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
// Resolved here, so the command runs from any working directory.
const tsx = import.meta.resolve('tsx');

export function rungraph(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', tsx, main, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, cwd: os.tmpdir() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The SPARQL endpoint a `rungraph serve` child announces; rejects, with its stderr, if it exits first. */
export function servedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /at (http:\/\/\S+\/sparql)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
