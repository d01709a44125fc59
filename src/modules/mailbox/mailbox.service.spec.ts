import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MailboxService } from './mailbox.service';
import { createLocalResolver } from './message/local-resolver';
import { FileMailboxStore } from './storage/file-mailbox.store';

describe('MailboxService.waitFor', () => {
  let dir: string;
  let store: FileMailboxStore;
  let service: MailboxService;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailgate-mailbox-wait-'));
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    service = new MailboxService(store, createLocalResolver({}));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function put(to: string) {
    const body = store.createBody(1024);
    await body.write(Buffer.from('Subject: x\r\n\r\nx'));
    const summary = {
      from: 's@test',
      toHeader: to,
      subject: 'x',
      date: new Date().toISOString(),
      snippet: '',
    };
    return store.append({ sender: 's@test', recipients: [to], summary, body });
  }

  it('resolves on the next matching message and then unsubscribes', async () => {
    const waiting = service.waitFor('Late@Test', undefined, 10_000, new AbortController().signal);
    assert.equal(store.subscribers, 1);
    await put('other@test');
    const meta = await put('late@test');
    assert.equal((await waiting)?.id, meta.id);
    assert.equal(store.subscribers, 0);
  });

  it('stops waiting when the client goes away, on timeout, and at shutdown', async () => {
    const abort = new AbortController();
    const aborted = service.waitFor('gone@test', undefined, 10_000, abort.signal);
    const timedOut = service.waitFor('gone@test', undefined, 20, new AbortController().signal);
    const shutdown = service.waitFor('gone@test', undefined, 10_000, new AbortController().signal);
    assert.equal(store.subscribers, 3);
    abort.abort();
    assert.equal(await aborted, undefined);
    assert.equal(await timedOut, undefined);
    service.beforeApplicationShutdown();
    assert.equal(await shutdown, undefined);
    assert.equal(store.subscribers, 0);
  });
});
