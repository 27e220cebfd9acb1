import type { Command } from 'commander';
import { EmbeddedStore } from '../../store/embedded/embedded-store.js';
import { openStore } from '../../store/open-store.js';
import { serveArchive } from '../../store/serve/serve-archive.js';
import { announceServer, isLoopback, newServeToken, TOKEN_HEADER } from '../../store/serve/serve-discovery.js';
import { archiveLocation, type ArchiveOptions } from '../archive.js';

interface ServeFlags {
  port: string;
  host: string;
  allowUpdate?: boolean;
  maxBodyBytes: string;
  timeout: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('expose the archive as a SPARQL 1.1 Protocol endpoint (read-only unless --allow-update)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '7878')
    .option('--host <host>', 'interface to bind; anything but 127.0.0.1 exposes the archive to the network', '127.0.0.1')
    .option('--allow-update', 'accept SPARQL updates (and so `--archive sparql+http://…` imports from other rungraphs)')
    .option('--max-body-bytes <n>', 'largest request body accepted', String(10 * 1024 * 1024))
    .option('--timeout <ms>', 'time limit per request in milliseconds', '60000')
    .addHelpText('after', '\nExamples:\n  rungraph serve --port 7878\n  rungraph --archive sparql+http://127.0.0.1:7878/sparql query list-runs')
    .action(async (flags: ServeFlags, command: Command) => {
      const options = {
        port: positiveInteger('--port', flags.port, true),
        host: flags.host,
        allowUpdate: flags.allowUpdate ?? false,
        maxBodyBytes: positiveInteger('--max-body-bytes', flags.maxBodyBytes),
        timeoutMs: positiveInteger('--timeout', flags.timeout),
      };
      // A read-only embedded archive takes no lock, so imports may run beside it; it catches up before each query.
      // Loaded whole at start (preload), so no query waits for a load.
      const store = await openStore(archiveLocation(command.optsWithGlobals<ArchiveOptions>()), { readOnly: !options.allowUpdate, preload: true });
      const token = newServeToken();
      let served;
      try {
        served = await serveArchive(store, { ...options, headers: { [TOKEN_HEADER]: token } });
      } catch (e) {
        await store.close();
        throw e;
      }
      // Later read-only rungraph commands on this archive find the server through this file and query it.
      const localUrl = announcedUrl(options.host, served.port);
      const withdraw = store instanceof EmbeddedStore && localUrl ? announceServer(store.location, localUrl, token) : () => {};
      process.stderr.write(`serving ${store.location} at ${served.url}${options.allowUpdate ? ' (updates allowed)' : ' (read-only)'}; Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      withdraw();
      await served.close();
      await store.close();
    });
}

/** The loopback URL other local processes reach the server at, or undefined when it listens elsewhere only. */
function announcedUrl(host: string, port: number): string | undefined {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}/sparql`;
  if (host === '::') return `http://[::1]:${port}/sparql`;
  if (!isLoopback(host)) return undefined;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/sparql`;
}

function positiveInteger(flag: string, value: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) throw new RangeError(`${flag} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return n;
}
