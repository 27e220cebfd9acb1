/**
 * The model registry of a file store: `models/<name>/meta.yaml`, `aliases/<alias>` (file content = version)
 * and `version-<N>/meta.yaml`. A deleted version keeps its folder with stage `Deleted_Internal`.
 */
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import { issue } from './issues.js';
import { registryEntry, type RegistryVersion } from './model-registry.js';
import { listDir, readSmallText, readYamlMapping } from './safe-fs.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export async function readFileRegistry(root: string, relativeTo = root): Promise<{ versions: RegistryVersion[]; issues: Issue[] }> {
  const versions: RegistryVersion[] = [];
  const issues: Issue[] = [];
  const base = path.join(root, 'models');
  const rel = (p: string) => path.relative(relativeTo, p).split(path.sep).join('/');
  const listed = await listDir(base);
  if (!listed.ok) return { versions, issues };
  for (const modelDir of listed.entries.filter((e) => e.kind === 'dir')) {
    const meta = await readYamlMapping(path.join(modelDir.full, 'meta.yaml'));
    if (!meta.ok) {
      issues.push(issue(meta.code, `registered model folder ${rel(modelDir.full)}: meta.yaml ${meta.message}; skipped`, { file: rel(path.join(modelDir.full, 'meta.yaml')), severity: 'warning' }));
      continue;
    }
    const name = str(meta.value.name) ?? modelDir.name;
    const aliases = new Map<string, string[]>();
    const addAlias = (version: string, alias: string) => {
      const list = aliases.get(version) ?? [];
      if (!list.includes(alias)) list.push(alias);
      aliases.set(version, list);
    };
    const aliasMap = meta.value.aliases;
    if (aliasMap && typeof aliasMap === 'object' && !Array.isArray(aliasMap)) {
      for (const [alias, version] of Object.entries(aliasMap)) if (str(version) !== undefined) addAlias(str(version)!, alias);
    }
    const aliasFiles = await listDir(path.join(modelDir.full, 'aliases'));
    if (aliasFiles.ok) {
      for (const f of aliasFiles.entries.filter((e) => e.kind === 'file')) {
        const read = await readSmallText(f.full, 1024);
        if (read.ok && /^\d+$/.test(read.text.trim())) addAlias(read.text.trim(), f.name);
        else issues.push(issue('invalid_alias', `alias file ${rel(f.full)} does not hold a version number`, { file: rel(f.full), path: ['aliases', f.name], severity: 'warning' }));
      }
    }
    const children = await listDir(modelDir.full);
    if (!children.ok) continue;
    for (const versionDir of children.entries.filter((e) => e.kind === 'dir' && /^version-\d+$/.test(e.name))) {
      const file = path.join(versionDir.full, 'meta.yaml');
      const vmeta = await readYamlMapping(file);
      if (!vmeta.ok) {
        issues.push(issue(vmeta.code, `model version ${rel(file)} ${vmeta.message}; skipped`, { file: rel(file), severity: 'warning' }));
        continue;
      }
      const v = vmeta.value;
      const version = str(v.version) ?? versionDir.name.slice('version-'.length);
      const entry: RegistryVersion = registryEntry(name, version, str(v.current_stage), aliases.get(version) ?? []);
      const runId = str(v.run_id);
      if (runId) entry.runId = runId;
      const modelId = str(v.model_id);
      if (modelId) entry.modelId = modelId;
      const source = str(v.source);
      if (source) entry.source = source;
      versions.push(entry);
    }
  }
  return { versions, issues };
}
