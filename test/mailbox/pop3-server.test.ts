import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pop3Server } from '../../src/modules/mailbox/pop3/pop3.server';
import { FileMailboxStore } from '../../src/modules/mailbox/storage/file-mailbox.store';
import { Pop3Wire } from './pop3-client';

/** The protocol server alone over a real store, with its limits turned down to test them. */
describe('Pop3Server limits', () => {
  let dir: string;
  let store: FileMailboxStore;
  let server: Pop3Server;
  let address: { host: string; port: number };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailgate-pop3-'));
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    server = new Pop3Server({
      store,
      password: 'pässword',
      maxClients: 2,
      maxBadCommands: 3,
      authFailureDelayMs: 10,
    });
    address = await server.listen(0, '127.0.0.1');
  });
  after(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs out an idle session', async () => {
    // Its own server: a short autologout on the shared one would race the other tests' sessions.
    const sleepy = new Pop3Server({ store, password: 'x', idleTimeoutMs: 200 });
    try {
      const wire = await Pop3Wire.connect(await sleepy.listen(0, '127.0.0.1'));
      await wire.closedByServer();
      assert.match(wire.pending, /^-ERR autologout/);
    } finally {
      await sleepy.close();
    }
  });

  it('refuses connections past maxClients and serves again once one leaves', async () => {
    const a = await Pop3Wire.connect(address);
    const b = await Pop3Wire.connect(address);
    const c = await Pop3Wire.connect(address);
    assert.match(a.greeting, /^\+OK/);
    assert.match(c.greeting, /^-ERR \[SYS\/TEMP\] too many connections/);
    await c.closedByServer();
    a.destroy();
    b.destroy();
    await Promise.all([a.closedByServer(), b.closedByServer()]);
    let served = false;
    for (let i = 0; i < 50 && !served; i++) {
      const d = await Pop3Wire.connect(address).catch(() => undefined);
      if (d) {
        served = (await d.command('CAPA')).startsWith('+OK');
        d.destroy();
      }
    }
    assert.ok(served);
  });

  it('does not offer STLS without a certificate, and compares the UTF-8 password byte for byte', async () => {
    const wire = await Pop3Wire.connect(address);
    try {
      wire.write('CAPA\r\n');
      assert.match(await wire.line(), /^\+OK/);
      assert.doesNotMatch((await wire.multiline()).toString(), /STLS/);
      assert.match(await wire.command('STLS'), /^-ERR/);
      assert.match(await wire.command('USER x@test'), /^\+OK/);
      wire.write(Buffer.from('PASS pässword\r\n', 'utf8'));
      assert.match(await wire.line(), /^\+OK 0 messages/);
    } finally {
      wire.destroy();
    }
  });

  it('hangs up after maxBadCommands wrong passwords', async () => {
    const wire = await Pop3Wire.connect(address);
    for (let i = 0; i < 3; i++) wire.write('USER x@test\r\nPASS guess\r\n');
    await wire.closedByServer();
    assert.equal(wire.pending.match(/-ERR \[AUTH\]/g)?.length, 2);
    assert.match(wire.pending, /-ERR too many bad commands\r\n$/);
  });
});
