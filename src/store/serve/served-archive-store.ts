/**
 * A read-only embedded archive answered by a running `rungraph serve` of it (found through serve-discovery.ts)
 * instead of being loaded into this process. Should the server stop answering, the archive is loaded here
 * after all, so a command never fails because a server went away.
 */
import { QueryError } from '../../errors.js';
import { EmbeddedStore } from '../embedded/embedded-store.js';
import { RemoteStore } from '../remote/remote-store.js';
import type { GraphContent, QueryResult, Store } from '../store.js';

/** The in-process load has no time limit either; a local server is only slower than it when busy. */
const QUERY_TIMEOUT_MS = 60 * 60 * 1000;

export class ServedArchiveStore implements Store {
  /** The server is rungraph's own, the same engine as the embedded archive. */
  readonly prefersConstants = true;
  private readonly remote: RemoteStore;
  private local: Promise<EmbeddedStore> | undefined;

  /** `location` is the archive folder, `url` the endpoint of its server. */
  constructor(readonly location: string, readonly url: string) {
    // No retries: a local server that does not answer is replaced by loading the archive. No
    // credentials either: those in the environment are meant for remote servers.
    this.remote = RemoteStore.open(`sparql+${url}`, { readOnly: true, retries: 0, timeoutMs: QUERY_TIMEOUT_MS, env: {} });
  }

  async query(sparql: string): Promise<QueryResult> {
    if (!this.local) {
      try {
        return await this.remote.query(sparql);
      } catch (e) {
        if (e instanceof QueryError) throw e; // the query itself is at fault: loading the archive would not help
        this.local = EmbeddedStore.open(this.location, { readOnly: true });
      }
    }
    return (await this.local).query(sparql);
  }

  replaceGraphs(_batch: GraphContent[]): Promise<void> {
    return this.readOnly();
  }

  deleteGraphs(_graphs: string[]): Promise<void> {
    return this.readOnly();
  }

  update(_sparql: string): Promise<void> {
    return this.readOnly();
  }

  async close(): Promise<void> {
    if (this.local) await (await this.local).close();
  }

  private readOnly(): Promise<never> {
    return Promise.reject(new TypeError(`archive ${this.location} was opened read-only`));
  }
}
