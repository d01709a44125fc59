import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppConfig } from '../../../config/config';
import type { ChaosRule } from '../../../config/mailbox-chaos';
import { SmtpChaos } from './smtp-chaos';

function chaos(rules: ChaosRule[]): SmtpChaos {
  return new SmtpChaos({ mailbox: { chaos: rules } } as unknown as AppConfig);
}

describe('SmtpChaos', () => {
  it('does nothing without rules', () => {
    assert.equal(chaos([]).draw(), undefined);
  });

  it('fires a rule when the draw is below its rate; the first rule that fires wins', () => {
    const c = chaos([
      { reply: 451, rate: 0.3 },
      { reply: 'drop', rate: 0.5 },
    ]);
    assert.equal(
      c.draw(() => 0.29),
      451,
    );
    const draws = [0.3, 0.49];
    assert.equal(
      c.draw(() => draws.shift()!),
      'drop',
    );
    assert.equal(
      c.draw(() => 0.99),
      undefined,
    );
    assert.equal(
      chaos([{ reply: 550, rate: 0 }]).draw(() => 0),
      undefined,
    );
  });

  it('spends a counted rule, then lets mail through', () => {
    const c = chaos([{ reply: 421, rate: 1, count: 2 }]);
    assert.equal(c.draw(), 421);
    assert.deepEqual(c.current(), [{ reply: 421, rate: 1, count: 1 }]);
    assert.equal(c.draw(), 421);
    assert.deepEqual(c.current(), []);
    assert.equal(c.draw(), undefined);
  });

  it('is replaced and cleared at run time', () => {
    const c = chaos([{ reply: 451, rate: 1 }]);
    c.set([{ reply: 'drop', rate: 1 }]);
    assert.equal(c.draw(), 'drop');
    c.clear();
    assert.equal(c.draw(), undefined);
  });
});
