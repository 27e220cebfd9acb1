/**
 * The list of importers, in detection order. Adding an importer means adding one line here.
 */
import { UnrecognisedSourceError } from '../errors.js';
import type { DetectOptions, Importer } from './importer.js';
import { boundedToSource } from './outward-links.js';
import { guildImporter } from './guild/guild-importer.js';
import { jsonImporter } from './json/json-importer.js';
import { mlflowImporter } from './mlflow/mlflow-importer.js';
import { sacredImporter } from './sacred/sacred-importer.js';
import { openmlImporter } from './openml/openml-importer.js';
import { pwcImporter } from './pwc/pwc-importer.js';
import { dvcImporter } from './dvc/dvc-importer.js';
import { tensorboardImporter } from './tensorboard/tensorboard-importer.js';
import { wandbImporter } from './wandb/wandb-importer.js';

// tensorboard stays last: Guild homes and W&B run folders may also hold event files.
export const importers: readonly Importer[] = [
  jsonImporter, pwcImporter, mlflowImporter, sacredImporter, openmlImporter, dvcImporter, guildImporter, wandbImporter, tensorboardImporter,
].map(boundedToSource);

export function importerById(id: string): Importer {
  const found = importers.find((i) => i.id === id);
  if (!found) throw new RangeError(`unknown tracker "${id}"; known: ${importers.map((i) => i.id).join(', ')}`);
  return found;
}

/** Asks every importer in turn; when none accepts, the error says who was asked and why each declined. */
export async function detectImporter(location: string, options?: DetectOptions): Promise<Importer> {
  const reasons: string[] = [];
  for (const importer of importers) {
    const answer = await importer.detect(location, options);
    if (answer.ok) return importer;
    reasons.push(`${importer.id}: ${answer.reason}`);
  }
  throw new UnrecognisedSourceError(`no importer recognises ${location}\n  ${reasons.join('\n  ')}`, {
    context: { file: location },
    hint: 'name the tracker with --tracker ID',
  });
}
