import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TransportPause } from './transport-pause';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('TransportPause', () => {
  it('is open until a throttle, then pauses for the base time and lets one probe through', () => {
    const c = clock();
    const p = new TransportPause({ baseMs: 30_000, maxMs: 600_000 }, c.now);
    assert.equal(p.allowance('smtp', 3, 8), 5);
    const until = p.throttled('smtp', c.t - 10);
    assert.equal(until, c.t + 30_000);
    assert.equal(p.pausedUntil('smtp'), until);
    assert.equal(p.allowance('smtp', 0, 8), 0);
    c.t = until;
    assert.equal(p.pausedUntil('smtp'), undefined);
    assert.equal(p.allowance('smtp', 0, 8), 1, 'one probe');
    assert.equal(p.allowance('smtp', 1, 8), 0, 'only one probe at a time');
    p.answered('smtp', c.t);
    assert.equal(p.allowance('smtp', 0, 8), 8, 'open again after the probe was answered');
  });

  it('doubles the pause while probes are throttled, up to the cap, and starts over after a success', () => {
    const c = clock();
    const p = new TransportPause({ baseMs: 30_000, maxMs: 100_000 }, c.now);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const until = p.throttled('ses', c.t);
      waits.push(until - c.t);
      c.t = until;
    }
    assert.deepEqual(waits, [30_000, 60_000, 100_000, 100_000]);
    p.answered('ses', c.t);
    assert.equal(p.throttled('ses', c.t) - c.t, 30_000);
  });

  it('sends already under way when the pause began neither lengthen nor end it', () => {
    const c = clock();
    const p = new TransportPause({ baseMs: 30_000, maxMs: 600_000 }, c.now);
    const before = c.t - 5;
    const until = p.throttled('gmail', before);
    c.t += 100;
    assert.equal(p.throttled('gmail', before), until, 'a concurrent throttle is the same event');
    p.answered('gmail', before);
    assert.equal(p.pausedUntil('gmail'), until, 'a concurrent success does not end the pause');
  });

  it("honours the provider's Retry-After (capped at an hour)", () => {
    const c = clock();
    const p = new TransportPause({ baseMs: 30_000, maxMs: 600_000 }, c.now);
    assert.equal(p.throttled('gmail-api', c.t, 120_000) - c.t, 120_000);
    c.t += 120_000;
    assert.equal(p.throttled('gmail-api', c.t, 86_400_000) - c.t, 3_600_000);
  });

  it('keeps transports apart', () => {
    const c = clock();
    const p = new TransportPause({ baseMs: 30_000, maxMs: 600_000 }, c.now);
    p.throttled('smtp', c.t);
    assert.equal(p.allowance('ses', 0, 8), 8);
  });
});
