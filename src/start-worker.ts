/**
 * Starting a worker thread from a module beside the caller: the compiled `.js` directly, or, running
 * from the TypeScript sources (tests, tsx), through tsx's loader, which Node 20 does not hand on to a
 * worker: the worker registers it itself first.
 */
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts the worker module `name` (without extension) in the folder of `callerUrl` (the caller's import.meta.url). */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  const extension = path.extname(fileURLToPath(callerUrl));
  const entry = new URL(`./${name}${extension}`, callerUrl);
  if (extension === '.js') return new Worker(entry, options);
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's ESM API as a file URL: from its package's export map, because a CommonJS resolve (all this
 * module may have under a test runner) gives the CommonJS build, whose `register` fails in a worker. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const target = (require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default;
  return pathToFileURL(path.join(path.dirname(manifest), target)).href;
}
