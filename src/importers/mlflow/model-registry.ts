/**
 * Model registry versions point back at the run (and, in 3.x, the logged model) they came from; each
 * becomes a `registry` entry on that run's model.
 */
import type { RawModel, RegistryEntry } from './raw-run.js';

export interface RegistryVersion extends RegistryEntry {
  runId?: string;
  /** 3.x: the LoggedModel id (`m-…`). */
  modelId?: string;
  /** `runs:/<run>/<path>`, `models:/m-…`, or an artifact URI. */
  source?: string;
}

/** Stage names as MLflow writes them; `None` means no stage, `Deleted_Internal` a soft-deleted version. */
export function registryEntry(name: string, version: string, stage: string | undefined, aliases: string[]): RegistryEntry {
  const deleted = stage === 'Deleted_Internal';
  const entry: RegistryEntry = { name, version, aliases, deleted };
  if (stage !== undefined && stage !== '' && stage !== 'None' && !deleted) entry.stage = stage;
  return entry;
}

/** Groups versions by the run they came from. */
export function versionsByRun(versions: RegistryVersion[]): Map<string, RegistryVersion[]> {
  const map = new Map<string, RegistryVersion[]>();
  for (const v of versions) {
    const runId = v.runId || runIdFromSource(v.source);
    if (!runId) continue;
    map.set(runId, [...(map.get(runId) ?? []), v]);
  }
  return map;
}

function runIdFromSource(source: string | undefined): string | undefined {
  return source === undefined ? undefined : /^runs:\/([^/]+)/.exec(source)?.[1];
}

/** Adds each version to the model it was registered from, or to a new model when none matches. */
export function attachRegistry(models: RawModel[], runId: string, versions: RegistryVersion[]): RawModel[] {
  const out = models.map((m) => ({ ...m, registry: [...m.registry] }));
  for (const v of versions) {
    const entry: RegistryEntry = { name: v.name, version: v.version, aliases: v.aliases, deleted: v.deleted, ...(v.stage ? { stage: v.stage } : {}) };
    const fromModelsUri = v.source === undefined ? undefined : /^models:\/(m-[^/]+)$/.exec(v.source)?.[1];
    const modelId = v.modelId || fromModelsUri;
    const artifactPath = v.source === undefined ? undefined : new RegExp(`^runs:/${runId}/(.+)$`).exec(v.source)?.[1];
    const match = out.find(
      (m) =>
        (modelId !== undefined && m.id === modelId) ||
        (v.source !== undefined && m.uri === v.source) ||
        (artifactPath !== undefined && m.name === artifactPath) ||
        (v.source !== undefined && m.name !== undefined && v.source.endsWith(`/artifacts/${m.name}`)),
    );
    if (match) match.registry.push(entry);
    else out.push({ ...(modelId ? { id: modelId } : {}), ...(v.source ? { uri: v.source } : {}), registry: [entry] });
  }
  return out;
}
