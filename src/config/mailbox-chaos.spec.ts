import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChaosRules } from './mailbox-chaos';

describe('parseChaosRules (MAILBOX_CHAOS)', () => {
  it('reads REPLY:RATE[:COUNT] rules', () => {
    assert.deepEqual(parseChaosRules(''), []);
    assert.deepEqual(parseChaosRules('451:0.3, drop:.1 ,421:1:2,550:0,454:1,DROP:1.0'), [
      { reply: 451, rate: 0.3 },
      { reply: 'drop', rate: 0.1 },
      { reply: 421, rate: 1, count: 2 },
      { reply: 550, rate: 0 },
      { reply: 454, rate: 1 },
      { reply: 'drop', rate: 1 },
    ]);
  });

  it('says what is wrong with a bad rule', () => {
    assert.throws(() => parseChaosRules('500:0.1'), /rule "500:0.1" is not REPLY:RATE/);
    assert.throws(() => parseChaosRules('451'), /rule "451" is not/);
    assert.throws(() => parseChaosRules('451:1.5'), /between 0 and 1/);
    assert.throws(() => parseChaosRules('451:-1'), /is not/);
    assert.throws(() => parseChaosRules('451:1:0'), /count must be at least 1/);
    assert.throws(() => parseChaosRules(Array(11).fill('451:1').join(',')), /at most 10 rules/);
  });
});
