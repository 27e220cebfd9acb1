/**
 * Runs the real `rungraph` CLI (src/cli/main.ts through tsx, resolved from the repository root) as a child process, so faults such as
 * SIGKILL hit a real import, and a scratch directory on a RAM disk when there is one (SIGKILL tests do
 * not need the disk's fsync, and a loaded CI disk makes every fsync slow).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/shared.js';

const main = path.join(repoRoot, 'src', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return finished(spawnCli(args, env));
}

export function scratchDirectory(prefix: string): string {
  const ram = '/dev/shm';
  let base = os.tmpdir();
  try {
    fs.accessSync(ram, fs.constants.W_OK);
    base = ram;
  } catch {
    /* no RAM disk: the system temp directory */
  }
  return fs.mkdtempSync(path.join(base, `rungraph-${prefix}-`));
}
