import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { fastify as createFastify } from 'fastify';
import pino from 'pino';
import { installHttpBehaviour, requestId } from './http.setup';

/** A pino logger at `level` whose lines land in the returned array, parsed. */
function capturedLog(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}

function app(level: string) {
  const { log, lines } = capturedLog(level);
  const observed: Array<{ route?: string; status: number }> = [];
  const fastify = createFastify({ genReqId: requestId, logger: false, return503OnClosing: false });
  installHttpBehaviour(fastify, log, (req, status) => observed.push({ route: req.route, status }));
  return { fastify, lines, observed };
}

describe('installHttpBehaviour', () => {
  it('puts X-Request-Id on every answer and writes one access line per request, query stripped', async () => {
    const { fastify, lines, observed } = app('info');
    fastify.get('/users/:id', async () => ({ ok: true }));
    const given = await fastify.inject({
      url: '/users/7?token=secret',
      headers: { 'x-request-id': 'trace-1' },
    });
    const made = await fastify.inject({ url: '/nowhere' });
    assert.equal(given.headers['x-request-id'], 'trace-1');
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const access = lines.filter((l) => l.msg === 'request');
    assert.equal(access.length, 2);
    assert.deepEqual(
      { ...access[0], ms: typeof access[0].ms, time: undefined, pid: undefined, hostname: undefined },
      {
        level: 30,
        reqId: 'trace-1',
        method: 'GET',
        path: '/users/7?…',
        status: 200,
        ms: 'number',
        msg: 'request',
        time: undefined,
        pid: undefined,
        hostname: undefined,
      },
    );
    assert.deepEqual(observed, [
      { route: '/users/:id', status: 200 },
      { route: undefined, status: 404 },
    ]);
    await fastify.close();
  });

  it('writes no access line above info, and still counts the request', async () => {
    const { fastify, lines, observed } = app('warn');
    fastify.get('/x', async () => ({ ok: true }));
    await fastify.inject({ url: '/x' });
    assert.deepEqual(lines, []);
    assert.equal(observed.length, 1);
    await fastify.close();
  });

  it('answers a request that arrives once closing has begun 503 shutting_down, in the error shape', async () => {
    const { fastify } = app('warn');
    fastify.get('/x', async () => ({ ok: true }));
    // A later preClose hook holds the close while the server still listens, as a slow one would.
    let begun!: () => void;
    const closing = new Promise<void>((resolve) => (begun = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fastify.addHook('preClose', async () => {
      begun();
      await held;
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };
    const closed = fastify.close();
    await closing;
    const res = await fetch(`http://127.0.0.1:${port}/x`);
    release();
    await closed;
    assert.equal(res.status, 503);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('retry-after'), '5');
    assert.equal(res.headers.get('connection'), 'close');
    assert.deepEqual(await res.json(), {
      statusCode: 503,
      code: 'shutting_down',
      message: 'The service is restarting: try again in a few seconds.',
    });
  });
});
