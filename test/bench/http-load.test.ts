import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpLoad, type LoadGenerator } from '../../bench/support/http.load';
import { skipWithoutBinary } from '../support/services';

/**
 * The benchmarks' HTTP load (bench/support/http.load.ts): a run of bodies sends each exactly once
 * and ends at the last answer, and answers are counted by status, with either generator.
 */
const GENERATORS: Array<{ generator: LoadGenerator; skip: false | string }> = [
  { generator: 'wrk', skip: skipWithoutBinary('/usr/bin/wrk', 'wrk') },
  { generator: 'autocannon', skip: false },
];

/** Answers 201, or 400 to a body containing "bad", after a short wait; records every body it got. */
function recordingServer(): { server: Server; bodies: string[] } {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      setTimeout(() => {
        res.writeHead(body.includes('bad') ? 400 : 201, { 'content-type': 'application/json' });
        res.end('{}');
      }, 1);
    });
  });
  return { server, bodies };
}

for (const { generator, skip } of GENERATORS)
  describe(`HTTP load with ${generator}`, { skip }, () => {
    const { server, bodies } = recordingServer();
    let url = '';
    before(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends every body exactly once, counts the answers by status and ends at the last', async () => {
      bodies.length = 0;
      const sent = Array.from({ length: 700 }, (_, i) =>
        JSON.stringify({ n: i, ok: i % 100 === 7 ? 'bad' : 'yes' }),
      );
      const result = await httpLoad({
        generator,
        url,
        method: 'POST',
        path: '/things',
        headers: { 'content-type': 'application/json' },
        connections: 16,
        bodies: sent,
      });
      assert.deepEqual([...bodies].sort(), [...sent].sort());
      assert.deepEqual(result.statusCodes, { '201': 693, '400': 7 });
      assert.equal(result.answers, 700);
      assert.equal(result.errors + result.timeouts, 0);
      assert.ok(result.latencyMs.p50 > 0 && result.latencyMs.p50 <= result.latencyMs.p99);
      assert.ok(result.endMs > result.startMs);
    });

    it('fills the template with a number of its own for every request of a timed run', async () => {
      bodies.length = 0;
      const result = await httpLoad({
        generator,
        url,
        method: 'POST',
        path: '/things',
        headers: { 'content-type': 'application/json' },
        connections: 4,
        template: '{"email":"u-{n}@example.com","name":"User {n}"}',
        durationS: 1,
      });
      assert.ok(result.answers > 10, `${result.answers} answers`);
      assert.equal(new Set(bodies).size, bodies.length);
      for (const body of bodies) assert.match(body, /^\{"email":"u-(\d+)@example\.com","name":"User \1"\}$/);
      // A timed run stops with requests in flight: the server may have seen a few more than were answered.
      assert.ok(bodies.length >= result.answers && bodies.length <= result.answers + 4);
    });
  });
