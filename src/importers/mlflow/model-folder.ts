/**
 * What a logged model's folder on this machine says about it: the flavor in its `MLmodel` file and the
 * exact pins of its `requirements.txt`. MLflow 3 keeps these per LoggedModel, not among run artifacts.
 */
import * as path from 'node:path';
import { parsePins } from './requirements.js';
import { readSmallText, readYamlMapping } from './safe-fs.js';

export async function readModelFolder(dir: string): Promise<{ flavor?: string; libraries: Record<string, string> }> {
  const out: { flavor?: string; libraries: Record<string, string> } = { libraries: {} };
  const mlmodel = await readYamlMapping(path.join(dir, 'MLmodel'));
  if (mlmodel.ok && mlmodel.value.flavors && typeof mlmodel.value.flavors === 'object') {
    const flavors = Object.keys(mlmodel.value.flavors);
    const flavor = flavors.find((f) => f !== 'python_function') ?? flavors[0];
    if (flavor) out.flavor = flavor;
  }
  const requirements = await readSmallText(path.join(dir, 'requirements.txt'));
  if (requirements.ok) out.libraries = parsePins(requirements.text);
  return out;
}
