import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricsService } from './metrics.service';

const sample = (text: string, line: RegExp) => line.test(text);

describe('MetricsService', () => {
  it('reads the queue depth at most every 5 s, however often it is scraped', async () => {
    const metrics = new MetricsService();
    let reads = 0;
    metrics.setQueueDepthSource(async () => ({ queued: ++reads, retrying: 2 }));
    const first = (await metrics.scrape()).body;
    const second = (await metrics.scrape()).body;
    assert.equal(reads, 1);
    for (const text of [first, second]) {
      assert.ok(sample(text, /^mailgate_outbox_messages\{state="queued"\} 1$/m));
      assert.ok(sample(text, /^mailgate_outbox_messages\{state="retrying"\} 2$/m));
      assert.ok(sample(text, /^mailgate_outbox_messages\{state="sending"\} 0$/m));
    }
  });

  it('answers a scrape within about half a second when the store hangs, with the last depth it knew', async () => {
    const metrics = new MetricsService();
    metrics.setQueueDepthSource(() => new Promise(() => undefined));
    const started = performance.now();
    const { body, contentType } = await metrics.scrape();
    const ms = performance.now() - started;
    assert.ok(ms >= 450 && ms < 1500, `scrape took ${ms.toFixed(0)} ms`);
    assert.match(contentType, /^text\/plain/);
    assert.ok(sample(body, /^mailgate_outbox_messages\{state="queued"\} 0$/m));
  });

  it('labels unmatched routes as one value and keeps registries apart', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.httpRequest('GET', undefined, 404, 0.002);
    a.httpRequest('GET', '/users/:id', 200, 0.004);
    const text = (await a.scrape()).body;
    assert.ok(
      sample(text, /^mailgate_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m),
    );
    assert.ok(
      sample(text, /^mailgate_http_requests_total\{method="GET",route="\/users\/:id",status="200"\} 1$/m),
    );
    assert.doesNotMatch((await b.scrape()).body, /^mailgate_http_requests_total\{/m);
  });
});
