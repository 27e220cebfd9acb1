/**
 * Runs a bench script or the built CLI in a child process, with a time limit, and returns its output and
 * wall time. The benchmark measures in children so each figure (peak RSS, cold start) is the child's alone.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoDir = path.resolve(benchDir, '..');

export interface ChildResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  ms: number;
}

export function runChild(args: string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? repoDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut, ms: performance.now() - started });
    });
  });
}

/** A bench script (TypeScript, run through tsx); its last stdout line is its JSON result. */
export async function runBenchScript(script: string, args: string[], timeoutMs?: number): Promise<{ result?: Record<string, unknown>; child: ChildResult }> {
  const child = await runChild(['--import', 'tsx', path.join(benchDir, script), ...args], { timeoutMs });
  const last = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!last && !child.timedOut) throw new Error(`${script} ${args.join(' ')} failed (exit ${child.code}):\n${child.stderr.slice(-2000)}`);
  return { result: last ? (JSON.parse(last) as Record<string, unknown>) : undefined, child };
}
