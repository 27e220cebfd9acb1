/**
 * Where the project's shared real-tracker fixtures live: `../shared/fixtures` beside the clone, or
 * RUNGRAPH_SHARED_FIXTURES. Only the fixture suite (npm run test:fixtures) reads them.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedFixtures = process.env.RUNGRAPH_SHARED_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'fixtures');

export function fixture(...segments: string[]): string {
  return path.join(sharedFixtures, ...segments);
}
