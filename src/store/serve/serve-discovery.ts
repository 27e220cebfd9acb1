/**
 * How a `rungraph serve` of an embedded archive lets later rungraph processes find it: it writes
 * `serve.json` (url, pid, start time, archive, a random token) into the archive folder, atomically, and
 * removes it on a clean exit. A reader trusts the file only when it names this archive, a loopback URL, a
 * live pid, and the endpoint answers a trivial ASK within a short time with the same token; anything else
 * means "no server", and the reader loads the archive itself.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { isIP } from 'node:net';
import * as path from 'node:path';
import { isAlive } from '../embedded/archive-lock.js';

export const DISCOVERY_FILE = 'serve.json';
/** Response header carrying the token, so a reader knows it reached this server and not whatever now holds the port. */
export const TOKEN_HEADER = 'rungraph-serve-token';
const MAX_FILE_BYTES = 4096;

export interface ServeAnnouncement {
  url: string;
  pid: number;
  startedAt: string;
  /** The archive folder, resolved, as the server opened it. */
  archive: string;
  token: string;
}

export interface FindServerOptions {
  /** How long the endpoint has to answer the probe (default 2000 ms: on a busy machine a slow answer still beats loading the archive). */
  timeoutMs?: number;
  /** Told why a file that looks like an announcement is not trusted (the library never prints). */
  onWarning?: (message: string) => void;
}

export const newServeToken = (): string => randomBytes(16).toString('hex');

/**
 * Announces a server of `directory` at `url`. Returns a function that removes the file again, unless a
 * later server of the same archive has replaced it meanwhile. Does nothing (and returns a no-op) for a
 * folder that does not exist, since a read-only server must not create the archive.
 */
export function announceServer(directory: string, url: string, token: string): () => void {
  if (!fs.existsSync(directory)) return () => {};
  const file = path.join(directory, DISCOVERY_FILE);
  const announcement: ServeAnnouncement = { url, pid: process.pid, startedAt: new Date().toISOString(), archive: path.resolve(directory), token };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(announcement, null, 2)}\n`);
  fs.renameSync(temp, file);
  return () => {
    if (readAnnouncement(file)?.token !== token) return;
    try {
      fs.unlinkSync(file);
    } catch {
      // Already gone: nothing to clean up.
    }
  };
}

/** The URL of a live `rungraph serve` of `directory`, or undefined when there is none worth trusting. */
export async function findServer(directory: string, options: FindServerOptions = {}): Promise<string | undefined> {
  const file = path.join(directory, DISCOVERY_FILE);
  const announcement = readAnnouncement(file);
  if (!announcement) return undefined;
  if (!sameFolder(announcement.archive, directory)) return undefined; // a copied archive names the original
  let url: URL;
  try {
    url = new URL(announcement.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !isLoopback(url.hostname)) {
    options.onWarning?.(`${file} names ${announcement.url}, which is not a loopback address; ignoring it and reading the archive directly`);
    return undefined;
  }
  // A live pid of another user still passes; the token check decides.
  if (!isAlive(announcement.pid)) return undefined;
  return (await answers(url, announcement.token, options.timeoutMs ?? 2000)) ? url.toString() : undefined;
}

function readAnnouncement(file: string): ServeAnnouncement | undefined {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const a = value as Partial<ServeAnnouncement> | null;
  const valid =
    typeof a === 'object' && a !== null && typeof a.url === 'string' && Number.isInteger(a.pid) && (a.pid as number) > 0 && typeof a.archive === 'string' && typeof a.token === 'string';
  return valid ? (a as ServeAnnouncement) : undefined;
}

function sameFolder(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** 127.0.0.0/8, ::1 and localhost; the URL parser has already normalised the forms an address can take. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:7f00:1';
}


async function answers(url: URL, token: string, timeoutMs: number): Promise<boolean> {
  const probe = new URL(url);
  probe.searchParams.set('query', 'ASK {}');
  try {
    const response = await fetch(probe, { headers: { accept: 'application/sparql-results+json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const body = await response.text();
    return response.ok && response.headers.get(TOKEN_HEADER) === token && typeof (JSON.parse(body) as { boolean?: unknown }).boolean === 'boolean';
  } catch {
    return false;
  }
}
