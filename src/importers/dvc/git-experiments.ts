/**
 * DVC experiments kept in git: each is a commit under `refs/exps/<base[0:2]>/<base[2:]>/<name>` whose
 * parent is its baseline commit. Queue and executor refs (`refs/exps/celery/…`, `refs/exps/exec/…`)
 * are not experiments.
 */
import { git } from './file-tree.js';

export interface GitCommit {
  sha: string;
  parents: string[];
  /** Committer time, epoch ms. */
  time: number;
  subject: string;
}

export interface GitExperiment {
  ref: string;
  name: string;
  baseline: string;
  commit: GitCommit;
}

export function listExperiments(dir: string): { experiments: GitExperiment[]; skipped: string[] } {
  const experiments: GitExperiment[] = [];
  const skipped: string[] = [];
  const out = git(dir, ['for-each-ref', '--format=%(refname)%09%(objectname)', 'refs/exps/']);
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue;
    const [ref, sha] = line.split('\t');
    const m = /^refs\/exps\/([0-9a-f]{2})\/([0-9a-f]{38,62})\/(.+)$/.exec(ref);
    if (m === null) {
      skipped.push(ref);
      continue;
    }
    experiments.push({ ref, name: m[3], baseline: m[1] + m[2], commit: readCommit(dir, sha) });
  }
  return { experiments, skipped };
}

export function readCommit(dir: string, rev: string): GitCommit {
  const [sha, parents, time, ...subject] = git(dir, ['show', '-s', '--format=%H%n%P%n%ct%n%s', rev, '--']).split('\n');
  return { sha, parents: parents.split(' ').filter((p) => p !== ''), time: Number(time) * 1000, subject: subject.join('\n').trim() };
}

export function headCommit(dir: string): string | undefined {
  try {
    return git(dir, ['rev-parse', '--verify', '-q', 'HEAD']).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Local branch names pointing at a commit (the baseline's name in `dvc exp show`). */
export function branchesAt(dir: string, sha: string): string[] {
  try {
    return git(dir, ['branch', '--format=%(refname:short)', '--points-at', sha]).split('\n').filter((b) => b.trim() !== '');
  } catch {
    return [];
  }
}

export function originUrl(dir: string): string | undefined {
  try {
    return git(dir, ['config', '--get', 'remote.origin.url']).trim() || undefined;
  } catch {
    return undefined;
  }
}
