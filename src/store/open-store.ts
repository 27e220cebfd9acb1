/**
 * Opens an archive by URI: `sparql+http(s)://…` is a remote SPARQL server, anything else a directory
 * holding the embedded archive. A read-only open with `useServer` answers through a running
 * `rungraph serve` of that directory when there is one, instead of loading the archive (docs/stores.md).
 */
import { EmbeddedStore, type EmbeddedOptions } from './embedded/embedded-store.js';
import { isRemoteUri } from './remote/remote-config.js';
import { RemoteStore } from './remote/remote-store.js';
import type { RemoteOptions } from './remote/remote-config.js';
import type { Store } from './store.js';
import { findServer } from './serve/serve-discovery.js';
import { ServedArchiveStore } from './serve/served-archive-store.js';

export interface OpenStoreOptions extends EmbeddedOptions {
  /** Settings for a remote store (endpoints, credentials, time limits); ignored for a directory. */
  remote?: RemoteOptions;
  /** Read-only opens of a directory: use a live `rungraph serve` of it, if any (default false). */
  useServer?: boolean;
  /** Told why a server announcement was not trusted; the library never prints. */
  onWarning?: (message: string) => void;
}

export async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isRemoteUri(uri)) return RemoteStore.open(uri, { readOnly: options.readOnly, ...options.remote });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new TypeError(`unsupported archive URI ${uri}: use a directory or sparql+http(s)://HOST:PORT/PATH`);
  }
  if (options.readOnly && options.useServer) {
    const url = await findServer(uri, { onWarning: options.onWarning });
    if (url) return new ServedArchiveStore(uri, url);
  }
  return EmbeddedStore.open(uri, options);
}
