/**
 * Reads a SPARQL 1.1 Protocol request (query via GET, POST url-encoded or POST direct; update via POST
 * url-encoded or direct) into the operation it asks for. Anything else is a ProtocolError with its status.
 */
export type Operation = { kind: 'query'; sparql: string } | { kind: 'update'; sparql: string };

export class ProtocolError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const FORM = 'application/x-www-form-urlencoded';
const DIRECT_QUERY = 'application/sparql-query';
const DIRECT_UPDATE = 'application/sparql-update';
/** Dataset parameters would need per-request datasets; the archive always queries the union graph. */
const DATASET_PARAMS = ['default-graph-uri', 'named-graph-uri', 'using-graph-uri', 'using-named-graph-uri'];

export function readOperation(method: string, url: URL, contentType: string | undefined, body: string): Operation {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let params: URLSearchParams;
  let direct: Operation | undefined;
  if (method === 'GET') {
    params = url.searchParams;
  } else if (method === 'POST') {
    if (mediaType === FORM) params = new URLSearchParams(body);
    else if (mediaType === DIRECT_QUERY) [params, direct] = [url.searchParams, { kind: 'query', sparql: body }];
    else if (mediaType === DIRECT_UPDATE) [params, direct] = [url.searchParams, { kind: 'update', sparql: body }];
    else throw new ProtocolError(415, `unsupported content type "${mediaType || '(none)'}": use ${FORM}, ${DIRECT_QUERY} or ${DIRECT_UPDATE}`);
  } else {
    throw new ProtocolError(405, `method ${method} not allowed: use GET or POST`);
  }
  for (const name of DATASET_PARAMS) {
    if (params.has(name) || url.searchParams.has(name)) throw new ProtocolError(400, `${name} is not supported: queries always run over the union of all graphs`);
  }
  if (direct) return direct;
  const queries = params.getAll('query');
  const updates = params.getAll('update');
  if (queries.length + updates.length !== 1) throw new ProtocolError(400, 'give exactly one query or update parameter');
  if (queries.length === 1) return { kind: 'query', sparql: queries[0] };
  if (method === 'GET') throw new ProtocolError(400, 'updates must be sent with POST');
  return { kind: 'update', sparql: updates[0] };
}
