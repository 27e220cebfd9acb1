/**
 * An HTTP proxy in front of a SPARQL endpoint that misbehaves on purpose: once `cutAfter` requests have
 * gone through, it drops every further connection, either before forwarding ("refuse") or after the
 * endpoint has run the request but before the client hears back ("lose-answer", the worst case).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type CutMode = 'refuse' | 'lose-answer';

export interface CuttingProxy {
  url: string;
  requests: number;
  cut: number;
  /** Drop connections after this many more requests (Infinity: forward everything). */
  cutAfter(requests: number, mode: CutMode): void;
  close(): Promise<void>;
}

export async function cuttingProxy(target: string): Promise<CuttingProxy> {
  const upstream = new URL(target);
  let limit = Infinity;
  let mode: CutMode = 'refuse';
  const server = http.createServer((request, response) => {
    state.requests++;
    const cutting = state.requests > limit;
    if (cutting && mode === 'refuse') {
      state.cut++;
      request.socket.destroy();
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        if (cutting) {
          state.cut++;
          answer.resume();
          answer.on('end', () => request.socket.destroy());
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => request.socket.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const state: CuttingProxy = {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    requests: 0,
    cut: 0,
    cutAfter(requests, how) {
      limit = state.requests + requests;
      mode = how;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}
