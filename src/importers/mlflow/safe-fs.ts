/**
 * File access that turns every failure of a store on disk (missing file, symlink loop, bad UTF-8, a file
 * far larger than its kind can be) into a reason instead of an exception, and never follows a directory
 * symlink, so a symlink cycle cannot make a walk endless.
 * The calls are synchronous behind async signatures: an import reads one file at a time anyway, and for
 * the many tiny files of a store (one per param, tag and metric) sync calls are about ten times faster.
 */
import * as fs from '../source-fs.js';
import type { Stats } from '../source-fs.js';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { yamlBudgetRefusal } from '../../yaml-budget.js';

/** meta.yaml, params and tags are small; MLflow caps tag values at 8000 characters. */
export const SMALL_FILE_LIMIT = 1024 * 1024;

export type TextRead = { ok: true; text: string; badUtf8: boolean } | { ok: false; code: string; message: string };

/** Non-blocking open: a FIFO named meta.yaml must not make the import wait for a writer forever. */
export const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Reads a whole small file; invalid UTF-8 is decoded with replacement characters and flagged. */
export async function readSmallText(file: string, limit = SMALL_FILE_LIMIT): Promise<TextRead> {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, READ_FLAGS);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, code: 'not_a_file', message: 'is not a regular file' };
    if (stat.size > limit) return { ok: false, code: 'file_too_large', message: `is ${stat.size} bytes, more than the ${limit} a file of this kind can be` };
    const bytes = fs.readFileSync(fd);
    try {
      return { ok: true, text: utf8.decode(bytes), badUtf8: false };
    } catch {
      return { ok: true, text: lossyUtf8.decode(bytes), badUtf8: true };
    }
  } catch (e) {
    return { ok: false, ...describeFsError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function describeFsError(e: unknown): { code: string; message: string } {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return { code: 'missing_file', message: 'does not exist' };
    case 'ELOOP': return { code: 'symlink_loop', message: 'is a symlink loop' };
    case 'EACCES': case 'EPERM': return { code: 'unreadable_file', message: 'cannot be read (permission denied)' };
    case 'EISDIR': return { code: 'not_a_file', message: 'is a directory' };
    default: return { code: 'unreadable_file', message: err.message ?? String(e) };
  }
}

export type YamlRead = { ok: true; value: Record<string, unknown> } | { ok: false; code: string; message: string };

/** A YAML file whose top level must be a mapping (every MLflow meta.yaml is). */
export async function readYamlMapping(file: string): Promise<YamlRead> {
  const read = await readSmallText(file);
  if (!read.ok) return read;
  if (read.badUtf8) return { ok: false, code: 'invalid_utf8', message: 'is not valid UTF-8' };
  const refusal = yamlBudgetRefusal(read.text);
  if (refusal) return { ok: false, code: refusal.code, message: `is not read: ${refusal.message}` };
  const doc = parseDocument(read.text, { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, code: 'invalid_yaml', message: `is not valid YAML: ${doc.errors[0].message.split('\n')[0]}` };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, code: 'invalid_yaml', message: `cannot be read: ${(e as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, code: 'invalid_yaml', message: 'does not hold a YAML mapping' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export interface Entry {
  name: string;
  full: string;
  kind: 'file' | 'dir' | 'symlink-dir' | 'other';
  stat?: Stats;
}

export type DirRead = { ok: true; entries: Entry[] } | { ok: false; code: string; message: string };

/** Lists a folder, sorted by name; symlinks to folders are reported as such and not entered by walkers. */
export async function listDir(dir: string): Promise<DirRead> {
  let dirents;
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return { ok: false, ...describeFsError(e) };
  }
  const entries: Entry[] = [];
  for (const d of dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) entries.push({ name: d.name, full, kind: 'dir' });
    else if (d.isFile()) entries.push({ name: d.name, full, kind: 'file' });
    else if (d.isSymbolicLink()) {
      try {
        const stat = fs.statSync(full);
        entries.push({ name: d.name, full, kind: stat.isDirectory() ? 'symlink-dir' : stat.isFile() ? 'file' : 'other', stat });
      } catch (e) {
        entries.push({ name: d.name, full, kind: 'other' });
        void e;
      }
    } else entries.push({ name: d.name, full, kind: 'other' });
  }
  return { ok: true, entries };
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function isFile(p: string): Promise<boolean> {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface WalkedFile {
  /** Path relative to the walked folder, always with `/`. */
  key: string;
  full: string;
  size?: number;
}

export interface WalkProblem {
  full: string;
  code: string;
  message: string;
}

/**
 * Every file below a folder, recursively: metric, param and tag keys with `/` are nested folders.
 * Symlinked folders are not entered (as MLflow's own os.walk does not); dangling or looping links are
 * reported. Stops after `maxFiles` files.
 */
export async function walkFiles(root: string, maxFiles = 1_000_000): Promise<{ files: WalkedFile[]; problems: WalkProblem[]; truncated: boolean }> {
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  const pending: { dir: string; prefix: string }[] = [{ dir: root, prefix: '' }];
  while (pending.length > 0) {
    const { dir, prefix } = pending.shift()!;
    const listed = await listDir(dir);
    if (!listed.ok) {
      problems.push({ full: dir, code: listed.code, message: listed.message });
      continue;
    }
    for (const entry of listed.entries) {
      const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.kind === 'dir') pending.push({ dir: entry.full, prefix: key });
      else if (entry.kind === 'file') {
        if (files.length >= maxFiles) return { files, problems, truncated: true };
        files.push({ key, full: entry.full, size: entry.stat?.size });
      } else if (entry.kind === 'symlink-dir') problems.push({ full: entry.full, code: 'symlink_skipped', message: 'is a symlink to a folder, which is not followed' });
      else {
        const why = await whyUnusable(entry.full);
        problems.push({ full: entry.full, ...why });
      }
    }
  }
  return { files, problems, truncated: false };
}

async function whyUnusable(full: string): Promise<{ code: string; message: string }> {
  try {
    fs.statSync(full);
    return { code: 'not_a_file', message: 'is neither a file nor a folder' };
  } catch (e) {
    return describeFsError(e);
  }
}

/** Adds sizes to walked files (artifact listings); a file that vanished keeps no size. */
export async function withSizes(files: WalkedFile[]): Promise<WalkedFile[]> {
  for (const f of files) {
    if (f.size !== undefined) continue;
    try {
      f.size = fs.statSync(f.full).size;
    } catch {
      // Listed a moment ago and gone now: keep the path, drop the size.
    }
  }
  return files;
}
