/** A scripted local HTTP server standing in for a SPARQL endpoint, recording every request it gets. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: http.ServerResponse) => void;

export class FakeSparqlServer {
  readonly requests: RecordedRequest[] = [];
  private constructor(private readonly server: http.Server, readonly port: number) {}

  static async start(handler: Handler): Promise<FakeSparqlServer> {
    const requests: RecordedRequest[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://localhost'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        requests.push(recorded);
        handler(recorded, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSparqlServer(server, (server.address() as AddressInfo).port);
    (fake as { requests: RecordedRequest[] }).requests = requests;
    return fake;
  }

  get uri(): string {
    return `sparql+http://127.0.0.1:${this.port}/sparql`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/sparql-results+json' });
  response.end(JSON.stringify(body));
}

export function text(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(body);
}
