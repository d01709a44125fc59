import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './distributed/processes';

describe('mailgate command line', () => {
  it('prints usage and exits 2 on an unknown role', async () => {
    const r = await runCli(['apii'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mailgate: unknown command "apii"\n/);
    assert.match(r.stderr, /usage: mailgate \[api \| worker \| mailbox \| migrate\]/);
  });

  it('--help prints usage and exits 0', async () => {
    const r = await runCli(['--help'], {});
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^usage: mailgate/);
  });

  it('refuses a bad setting in one line before starting', async () => {
    const r = await runCli(['api'], { PORT: 'eighty' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^mailgate: invalid setting PORT: [^\n]*\n$/);
  });
});
