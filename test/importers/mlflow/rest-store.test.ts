import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';

const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);

type Handler = (req: { method: string; path: string; query: URLSearchParams; body: Record<string, unknown>; auth?: string }) => { status?: number; body?: unknown } | 'hang';

/** A tracking server on 127.0.0.1 answering with the documented REST 2.0 shapes. */
async function serve(handler: Handler): Promise<{ url: string; calls: { method: string; path: string; query: URLSearchParams; body: Record<string, unknown> }[]; close: () => Promise<void> }> {
  const calls: { method: string; path: string; query: URLSearchParams; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const call = { method: req.method ?? 'GET', path: url.pathname.replace('/api/2.0/mlflow/', ''), query: url.searchParams, body: text ? JSON.parse(text) : {} };
      calls.push(call);
      const answer = handler({ ...call, auth: req.headers.authorization });
      if (answer === 'hang') return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** One item per page, to make the client follow page tokens. */
function paged<T>(items: T[], token: unknown, key: string): { body: unknown } {
  const index = typeof token === 'string' && token !== '' ? Number(token) : 0;
  const next = index + 1 < items.length ? String(index + 1) : undefined;
  return { body: { [key]: items.slice(index, index + 1), ...(next ? { next_page_token: next } : {}) } };
}

const experiments = [
  { experiment_id: '0', name: 'Default', lifecycle_stage: 'active', tags: [] },
  { experiment_id: '123456789012345678', name: 'deleted-exp', lifecycle_stage: 'deleted' },
  { experiment_id: '9', name: 'pypads_logger', lifecycle_stage: 'active' },
];
const runs: Record<string, unknown[]> = {
  '0': [
    {
      info: { run_id: RUN_A, run_name: 'first', experiment_id: '0', user_id: 'alice', status: 'FINISHED', start_time: 1700000000000, end_time: '1700000005000', lifecycle_stage: 'active' },
      data: {
        metrics: [{ key: 'loss', value: 0.25, timestamp: 1700000002000, step: 2 }, { key: 'broken', value: 7, timestamp: '1700000003000', step: '4' }],
        params: [{ key: 'lr', value: '0.01' }],
        tags: [{ key: 'mlflow.user', value: 'bob' }, { key: 'estimator_class', value: 'sklearn.svm.SVC' }, { key: 'mlflow.source.git.commit', value: 'abc' }],
      },
      inputs: { dataset_inputs: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'iris', digest: '48848ef0', source_type: 'http', source: '{"url": "https://x/iris.csv"}' } }] },
      outputs: { model_outputs: [{ model_id: 'm-1', step: 0 }] },
    },
    { info: { run_id: RUN_B, experiment_id: '0', status: 'RUNNING', start_time: 1700000000000, lifecycle_stage: 'deleted' }, data: { tags: [{ key: 'mlflow.parentRunId', value: RUN_A }] } },
  ],
  '123456789012345678': [{ info: { run_id: 'c'.repeat(32), experiment_id: '123456789012345678', status: 'FAILED', lifecycle_stage: 'active' }, data: {} }],
};
const history = [
  { key: 'loss', value: 1, timestamp: 1700000000000, step: 0 },
  { key: 'loss', value: 'NaN', timestamp: '1700000001000', step: '1' },
  { key: 'loss', value: 'Infinity', timestamp: 1700000001500, step: 1 },
  { key: 'loss', value: 0.25, timestamp: 1700000002000, step: 2 },
];

function mlflowServer(options: { failFirstRunsSearch?: boolean; token?: string } = {}): Handler {
  let failed = false;
  return ({ path, query, body, auth }) => {
    if (options.token && auth !== `Bearer ${options.token}`) return { status: 401, body: { error_code: 'UNAUTHENTICATED', message: 'no token' } };
    switch (path) {
      case 'experiments/search':
        return paged(experiments, body.page_token ?? query.get('page_token'), 'experiments');
      case 'runs/search': {
        if (options.failFirstRunsSearch && !failed) {
          failed = true;
          return { status: 503, body: { error_code: 'TEMPORARILY_UNAVAILABLE' } };
        }
        return paged(runs[(body.experiment_ids as string[])[0]] ?? [], body.page_token, 'runs');
      }
      case 'metrics/get-history': {
        if (query.get('metric_key') === 'broken') return { status: 500, body: { error_code: 'INTERNAL_ERROR' } };
        const token = query.get('page_token');
        const start = token ? Number(token) : 0;
        const next = start + 2 < history.length ? String(start + 2) : undefined;
        return { body: { metrics: history.slice(start, start + 2), ...(next ? { next_page_token: next } : {}) } };
      }
      case 'registered-models/search':
        return { body: { registered_models: [{ name: 'reg', aliases: [{ alias: 'champion', version: '1' }] }] } };
      case 'model-versions/search':
        return { body: { model_versions: [{ name: 'reg', version: '1', current_stage: 'Production', run_id: RUN_A, source: 'models:/m-1', model_id: 'm-1' }] } };
      default:
        return { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND' } };
    }
  };
}

const fast = { rest: { backoffMs: 5, timeoutMs: 2000, retries: 2, env: {} } };

describe('MLflow REST API importer', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('follows page tokens through experiments, runs and metric histories, and maps each run', async () => {
    server = await serve(mlflowServer());
    const importer = createMlflowImporter(fast);
    assert.deepEqual(await importer.detect(server.url), { ok: true });
    const { runs: got, issues } = await drain(importer, server.url);
    assert.deepEqual(got.map((r) => r.source.runId).sort(), [RUN_A, RUN_B, 'c'.repeat(32)]);
    const a = got.find((r) => r.source.runId === RUN_A)!;
    assert.equal(a.source.location, `${server.url}/#/experiments/0/runs/${RUN_A}`);
    assert.equal(a.name, 'first');
    assert.equal(a.user, 'bob');
    assert.equal(a.status, 'finished');
    assert.equal(a.endTime, new Date(1700000005000).toISOString(), 'int64 sent as a string');
    assert.equal(a.implementation, 'sklearn.svm.SVC');
    assert.deepEqual(a.code, { commit: 'abc' });
    assert.deepEqual(a.params.lr.value, 0.01);
    assert.equal(a.metrics.loss.length, 4, 'the full history, not the latest value');
    assert.deepEqual(a.metrics.loss.map((p) => p.step), [0, 1, 1, 2]);
    assert.ok(Number.isNaN(a.metrics.loss[1].value));
    assert.equal(a.metrics.loss[2].value, Infinity);
    assert.equal(a.metrics.loss[1].timestamp, 1700000001000);
    assert.deepEqual(a.datasets, [{ name: 'iris', digest: '48848ef0', source: 'https://x/iris.csv', context: 'train' }]);
    assert.deepEqual(a.models, [{ id: 'm-1', uri: 'models:/m-1', registry: [{ name: 'reg', version: '1', stage: 'Production', aliases: ['champion'], deleted: false }] }]);
    const b = got.find((r) => r.source.runId === RUN_B)!;
    assert.equal(b.parentRunId, RUN_A);
    assert.equal(b.deleted, true);
    assert.equal(got.find((r) => r.source.runId === 'c'.repeat(32))!.deleted, true, 'runs of a deleted experiment');
    // The failing history keeps the latest value and is reported; the PyPads experiment is skipped.
    assert.deepEqual(a.metrics.broken, [{ step: 4, timestamp: 1700000003000, value: 7 }]);
    assert.deepEqual(issues.map((i) => [i.code, i.run]).sort(), [['http_500', RUN_A], ['pypads_infrastructure', undefined]]);
    const histories = server.calls.filter((c) => c.path === 'metrics/get-history' && c.query.get('metric_key') === 'loss');
    assert.deepEqual(histories.map((c) => c.query.get('page_token')), [null, '2'], 'no page_token on the first request');
    assert.ok(server.calls.filter((c) => c.path === 'experiments/search' && c.method === 'POST').length >= 3);
  });

  it('retries a 503 with backoff and then reads the runs', async () => {
    server = await serve(mlflowServer({ failFirstRunsSearch: true }));
    const { runs: got } = await drain(createMlflowImporter(fast), server.url);
    assert.equal(got.length, 3);
    assert.equal(server.calls.filter((c) => c.path === 'runs/search').length, 4, 'one failed attempt and three pages');
  });

  it('sends MLFLOW_TRACKING_TOKEN as a bearer token, and reports a 401 once with a hint', async () => {
    server = await serve(mlflowServer({ token: 'sesame' }));
    const withToken = await drain(createMlflowImporter({ rest: { ...fast.rest, env: { MLFLOW_TRACKING_TOKEN: 'sesame' } } }), server.url);
    assert.equal(withToken.runs.length, 3);
    const without = await drain(createMlflowImporter(fast), server.url);
    assert.equal(without.runs.length, 0);
    assert.deepEqual(without.issues.map((i) => i.code), ['http_401', 'http_401', 'unauthorized']);
    assert.match(without.issues[2].message, /MLFLOW_TRACKING_TOKEN/);
  });

  it('gives up on a server that never answers after the timeout and retries', async () => {
    server = await serve(() => 'hang');
    const started = Date.now();
    const { runs: got, issues } = await drain(createMlflowImporter({ rest: { timeoutMs: 100, retries: 1, backoffMs: 5, env: {} } }), server.url);
    assert.equal(got.length, 0);
    assert.ok(issues.some((i) => i.code === 'timeout'));
    assert.ok(Date.now() - started < 5000);
  });

  it('declines a URL whose server is not MLflow, saying why', async () => {
    server = await serve(() => ({ status: 404, body: {} }));
    const answer = await createMlflowImporter(fast).detect(server.url);
    assert.equal(answer.ok, false);
    assert.match((answer as { reason: string }).reason, /404/);
  });
});
