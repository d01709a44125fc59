import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HealthRegistry } from '../src/modules/health/health.port';
import { startTestApp, type TestApp } from './support/app';

describe('operations endpoints', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.destroy();
  });

  it('GET /health reports the database', async () => {
    const res = await fetch(`${app.url}/health`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    assert.equal(body.status, 'ok');
    assert.equal(body.checks.database, 'ok');
  });

  it('unknown routes answer 404 in the error shape and echo a sane X-Request-Id', async () => {
    const res = await fetch(`${app.url}/no-such-route`, { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-request-id'), 'trace-123');
    assert.deepEqual(await res.json(), { statusCode: 404, code: 'not_found', message: 'No such resource.' });
  });

  it('GET /docs/json is an OpenAPI document generated from the routes', async () => {
    const res = await fetch(`${app.url}/docs/json`);
    assert.equal(res.status, 200);
    type Operation = { tags?: string[]; summary?: string; parameters?: { name: string }[] };
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, Operation>> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/health']);
    // Metadata recorded by common/http/openapi.ts (deferred decorators) reaches the document too.
    const list = doc.paths['/mailbox/api/messages'].get;
    assert.deepEqual(list.tags, ['mailbox']);
    assert.ok(list.summary);
    assert.deepEqual(list.parameters?.map((p) => p.name).sort(), ['limit', 'q', 'to']);
    assert.deepEqual(doc.paths['/health'].get.tags, ['operations']);
    assert.equal(doc.paths['/mailbox'], undefined, 'the web inbox is excluded from the document');
  });

  // Last: it starts the shutdown.
  it('GET /health answers 503 shutting_down once shutdown has begun, while requests are still served', async () => {
    app.app.get(HealthRegistry).beginShutdown();
    const res = await fetch(`${app.url}/health`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'shutting_down', checks: { process: 'shutting down' } });
    assert.equal((await fetch(`${app.url}/docs/json`)).status, 200);
  });
});
