/**
 * Opens an archive by URI: `sparql+http(s)://…` is a remote SPARQL server, anything else a directory
 * holding the embedded archive.
 */
import { EmbeddedStore, type EmbeddedOptions } from './embedded/embedded-store.js';
import { isRemoteUri } from './remote/remote-config.js';
import { RemoteStore } from './remote/remote-store.js';
import type { RemoteOptions } from './remote/remote-config.js';
import type { Store } from './store.js';

export interface OpenStoreOptions extends EmbeddedOptions {
  /** Settings for a remote store (endpoints, credentials, time limits); ignored for a directory. */
  remote?: RemoteOptions;
}

export async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isRemoteUri(uri)) return RemoteStore.open(uri, { readOnly: options.readOnly, ...options.remote });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new TypeError(`unsupported archive URI ${uri}: use a directory or sparql+http(s)://HOST:PORT/PATH`);
  }
  return EmbeddedStore.open(uri, options);
}
