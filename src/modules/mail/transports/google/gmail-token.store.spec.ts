import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { GmailTokenStore, initialToken } from './gmail-token.store';

const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-token-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const owner = { user: 'me@gmail.test', clientId: 'client-a' };

describe('Gmail token store', () => {
  it('keeps a token at mode 0600 and gives it back to the same user and client only', () => {
    const store = new GmailTokenStore(dir, owner);
    const expires = Date.now() + 3_600_000;
    store.save({ accessToken: 'ya29.a', expires });
    assert.equal(statSync(store.file).mode & 0o777, 0o600);
    assert.deepEqual(store.load(), { accessToken: 'ya29.a', expires });
    assert.equal(new GmailTokenStore(dir, { ...owner, clientId: 'client-b' }).load(), undefined);
    assert.equal(new GmailTokenStore(dir, { ...owner, user: 'other@gmail.test' }).load(), undefined);
  });

  it('an expired or unreadable file is no token', () => {
    const store = new GmailTokenStore(dir, owner);
    store.save({ accessToken: 'ya29.old', expires: Date.now() - 1 });
    assert.equal(store.load(), undefined);
    writeFileSync(store.file, '{not json');
    assert.equal(store.load(), undefined);
  });

  it('starts from whichever of the configured and stored tokens lives longer', () => {
    const stored = { accessToken: 'stored', expires: 2000 };
    assert.equal(initialToken({ accessToken: 'cfg', expires: 1000 }, stored)?.accessToken, 'stored');
    assert.equal(initialToken({ accessToken: 'cfg', expires: 3000 }, stored)?.accessToken, 'cfg');
    assert.equal(initialToken({}, stored)?.accessToken, 'stored');
    assert.deepEqual(initialToken({ accessToken: 'cfg' }, undefined), { accessToken: 'cfg', expires: 0 });
    assert.equal(initialToken({}, undefined), undefined);
  });
});
