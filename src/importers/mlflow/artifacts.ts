/**
 * Where a run's artifacts are on this machine, and their listing with sizes. Artifacts live in the run
 * folder for a local file store; a tracking server with --serve-artifacts keeps them in `mlartifacts/`
 * (usually beside `mlruns/`); a `file://` URI or a plain path may point anywhere on this machine.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Issue } from '../../errors.js';
import { issue } from './issues.js';
import { readLibraries } from './requirements.js';
import { isDirectory, walkFiles, withSizes } from './safe-fs.js';

const MAX_ARTIFACTS = 100_000;

/** Candidate folders for an artifact URI; `storeRoot` is the folder that `mlflow-artifacts:` paths hang off. */
export function artifactCandidates(uri: string | undefined, storeRoot: string): string[] {
  const candidates: string[] = [];
  if (uri?.startsWith('file:')) {
    try {
      candidates.push(fileURLToPath(uri));
    } catch {
      // Not a usable file URL on this platform.
    }
  } else if (uri?.startsWith('mlflow-artifacts:')) {
    const rest = uri.replace(/^mlflow-artifacts:\/*/, '');
    // The path is relative to the artifact root: `..` segments would list folders outside it.
    if (rest.split(/[\\/]/).includes('..')) return candidates;
    candidates.push(path.join(storeRoot, '..', 'mlartifacts', rest), path.join(storeRoot, 'mlartifacts', rest));
  } else if (uri && path.isAbsolute(uri)) candidates.push(uri);
  return candidates;
}

export interface ArtifactListing {
  artifacts: { path: string; size?: number }[];
  libraries: Record<string, string>;
  issues: Issue[];
}

/** Lists the first existing candidate folder; nothing when none exists (artifacts elsewhere, e.g. S3). */
export async function listArtifacts(candidates: string[], runId: string, rel: (p: string) => string): Promise<ArtifactListing> {
  const listing: ArtifactListing = { artifacts: [], libraries: {}, issues: [] };
  let dir: string | undefined;
  for (const c of candidates) {
    if (await isDirectory(c)) {
      dir = c;
      break;
    }
  }
  if (!dir) return listing;
  const walked = await walkFiles(dir, MAX_ARTIFACTS);
  for (const p of walked.problems) listing.issues.push(issue(p.code, `artifact ${rel(p.full)} ${p.message}`, { file: rel(p.full), run: runId, path: ['artifacts'], severity: 'warning' }));
  if (walked.truncated) listing.issues.push(issue('too_many_artifacts', `${rel(dir)}: only the first ${MAX_ARTIFACTS} artifacts are listed`, { file: rel(dir), run: runId, path: ['artifacts'], severity: 'warning' }));
  listing.artifacts = (await withSizes(walked.files)).map((f) => ({ path: f.key, ...(f.size === undefined ? {} : { size: f.size }) }));
  listing.libraries = await readLibraries(dir, listing.artifacts.map((a) => a.path));
  return listing;
}
