/**
 * TensorBoard logdirs (format: docs/importers/tensorboard.md): one run per folder holding
 * `*tfevents*` files, the run id being the folder's path relative to the logdir.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
import type { RunRecordInput } from '../../model/run-record.js';
import { isoTime } from '../iso-time.js';
import { isEventFileName, readEventFiles, skippedIssue } from './event-run-reader.js';
import { containsEventFile, findEventFolders, type EventFolder } from './find-event-folders.js';

export const tensorboardImporter: Importer = {
  id: 'tensorboard',
  description: 'TensorBoard event files (a logdir, a run folder or one events.out.tfevents.* file)',

  async detect(location: string): Promise<Detection> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(location);
    } catch {
      return { ok: false, reason: 'no such file or folder' };
    }
    if (stat.isFile()) {
      return isEventFileName(path.basename(location)) ? { ok: true } : { ok: false, reason: 'file name does not contain "tfevents"' };
    }
    return containsEventFile(location) ? { ok: true } : { ok: false, reason: 'no *tfevents* file in the folder tree' };
  },

  async *read(location: string, options = {}): AsyncIterable<ImportItem> {
    const stat = fs.statSync(location);
    const root = stat.isFile() ? path.dirname(location) : location;
    const folders: EventFolder[] = stat.isFile() ? [{ dir: root, files: [location] }] : findEventFolders(location).folders;
    for (const folder of folders) {
      if (options.signal?.aborted) return;
      yield* readRunFolder(root, folder);
    }
  },
};

function* readRunFolder(root: string, folder: EventFolder): Generator<ImportItem> {
  const relative = path.relative(root, folder.dir).split(path.sep).join('/');
  const runId = relative === '' ? path.basename(path.resolve(folder.dir)) : relative;
  const data = readEventFiles(folder.files, runId);
  for (const issue of data.issues) yield { kind: 'issue', issue };
  const skipped = skippedIssue(data.skipped, runId);
  if (skipped) yield { kind: 'issue', issue: { ...skipped, file: folder.dir } };
  const record: RunRecordInput = {
    source: { tracker: 'tensorboard', location: relative === '' ? '.' : relative, runId },
    name: runId,
    status: data.status ?? 'unknown',
    params: data.params,
    metrics: data.metrics,
    startTime: isoTime(data.firstWallTime),
    endTime: isoTime(data.lastWallTime),
  };
  yield { kind: 'run', record, file: folder.dir };
}
