import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MessageSummary } from '../mailbox.store';
import { tempDirs } from '../../../../test/support/temp-dirs';
import { FileMailboxStore } from './file-mailbox.store';
import { MEMORY_THRESHOLD } from './spooled-body';

const tempDir = tempDirs('mailgate-mailbox-store');

function summary(subject: string): MessageSummary {
  return { from: 'a@test', toHeader: '', subject, date: new Date(0).toISOString(), snippet: '' };
}

async function put(store: FileMailboxStore, recipients: string[], content: string | Buffer, subject = 'hi') {
  const body = store.createBody(10 * 1024 * 1024);
  await body.write(Buffer.isBuffer(content) ? content : Buffer.from(content));
  return store.append({ sender: 's@test', recipients, summary: summary(subject), body });
}

describe('FileMailboxStore', () => {
  it('stores bytes, lists per recipient newest first, and survives a reopen', async () => {
    const dir = tempDir();
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    const uidValidity = store.uidValidity;
    const a = await put(store, ['A@Test', 'b@test'], 'one');
    const b = await put(store, ['b@test'], 'two');
    assert.ok(b.id > a.id);
    assert.deepEqual(a.recipients, ['a@test', 'b@test']);
    assert.deepEqual(
      store.list({ recipient: 'B@TEST', limit: 10, order: 'newest' }).map((m) => m.id),
      [b.id, a.id],
    );
    assert.deepEqual(
      store.list({ recipient: 'a@test', limit: 10, order: 'newest' }).map((m) => m.id),
      [a.id],
    );
    assert.deepEqual(
      store.list({ after: a.id, limit: 10, order: 'oldest' }).map((m) => m.id),
      [b.id],
    );
    await store.setFlags('b@test', a.id, ['\\Seen']);
    await store.close();

    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.equal(store.uidValidity, uidValidity);
    assert.equal((await store.readRaw(a.id)).toString(), 'one');
    assert.equal((await store.readRaw(b.id)).toString(), 'two');
    assert.deepEqual([...store.flags('b@test', a.id)], ['\\Seen']);
    assert.deepEqual([...store.flags('a@test', a.id)], []);
    const c = await put(store, ['c@test'], 'three');
    assert.ok(c.id > b.id, 'ids keep increasing after a restart');
    await store.close();
  });

  it('commits concurrent appends together and keeps each body intact, spooled ones included', async () => {
    const store = await FileMailboxStore.open({ dir: tempDir(), maxMessages: 1000 });
    const big = Buffer.alloc(MEMORY_THRESHOLD * 3 + 17, 'x');
    const bodies = Array.from({ length: 50 }, (_, i) => (i === 7 ? big : Buffer.from(`message ${i}`)));
    const metas = await Promise.all(bodies.map((b) => put(store, ['r@test'], b)));
    assert.equal(new Set(metas.map((m) => m.id)).size, 50);
    for (let i = 0; i < bodies.length; i++) assert.ok((await store.readRaw(metas[i].id)).equals(bodies[i]));
    await store.close();
  });

  it('drops the oldest past maxMessages and removes segments nobody needs', async () => {
    const dir = tempDir();
    const store = await FileMailboxStore.open({ dir, maxMessages: 3, segmentBytes: 10 });
    const metas = [];
    for (let i = 0; i < 6; i++) metas.push(await put(store, ['r@test'], `message ${i}`));
    assert.deepEqual(
      store.list({ limit: 10, order: 'oldest' }).map((m) => m.id),
      metas.slice(3).map((m) => m.id),
    );
    assert.equal(store.get(metas[0].id), undefined);
    assert.ok(readdirSync(path.join(dir, 'segments')).length <= 4);
    await store.close();
    const reopened = await FileMailboxStore.open({ dir, maxMessages: 3 });
    assert.equal(reopened.list({ limit: 10, order: 'oldest' }).length, 3);
    await reopened.close();
  });

  it('keeps the in-memory index bounded by maxMessages, recipients and flags included', async () => {
    const dir = tempDir();
    const store = await FileMailboxStore.open({ dir, maxMessages: 5, segmentBytes: 4096 });
    for (let i = 0; i < 60; i++) {
      // A new recipient every time, with flags: the per-recipient maps must shrink too.
      const meta = await put(store, [`r${i}@test`, 'shared@test'], `message ${i}`);
      await store.setFlags(`r${i}@test`, meta.id, ['\\Seen']);
      assert.ok(store.memory.messages <= 5);
    }
    assert.deepEqual(store.memory, { messages: 5, mailboxes: 6, flagged: 5 });
    assert.equal(store.list({ recipient: 'r0@test', limit: 10, order: 'oldest' }).length, 0);
    assert.equal(store.list({ recipient: 'shared@test', limit: 100, order: 'oldest' }).length, 5);
    await store.close();
    const reopened = await FileMailboxStore.open({ dir, maxMessages: 5 });
    assert.deepEqual(reopened.memory, { messages: 5, mailboxes: 6, flagged: 5 });
    await reopened.close();
  });

  it('removes one, expunges per recipient, clears all, and never reuses ids', async () => {
    const dir = tempDir();
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    const a = await put(store, ['x@test', 'y@test'], 'a');
    const b = await put(store, ['x@test'], 'b');
    await store.expunge('x@test', a.id);
    assert.deepEqual(
      store.list({ recipient: 'x@test', limit: 9, order: 'oldest' }).map((m) => m.id),
      [b.id],
    );
    assert.deepEqual(
      store.list({ recipient: 'y@test', limit: 9, order: 'oldest' }).map((m) => m.id),
      [a.id],
    );
    assert.equal(await store.remove(b.id), true);
    assert.equal(await store.remove(b.id), false);
    await store.clear();
    assert.equal(store.list({ limit: 9, order: 'oldest' }).length, 0);
    await store.close();
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.equal(store.list({ limit: 9, order: 'oldest' }).length, 0);
    const c = await put(store, ['x@test'], 'c');
    assert.ok(c.id > b.id);
    await store.close();
  });

  it('ignores a torn last index line left by a crash', async () => {
    const dir = tempDir();
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    const a = await put(store, ['x@test'], 'a');
    await store.close();
    appendFileSync(path.join(dir, 'index.log'), '{"t":"a","id":99,"sen');
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.id),
      [a.id],
    );
    const b = await put(store, ['x@test'], 'b');
    await store.close();
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.id),
      [a.id, b.id],
    );
    assert.equal((await store.readRaw(b.id)).toString(), 'b');
    await store.close();
  });

  it('tells listeners about each durable message', async () => {
    const store = await FileMailboxStore.open({ dir: tempDir(), maxMessages: 100 });
    const seen: number[] = [];
    const off = store.onAppend((m) => seen.push(m.id));
    const a = await put(store, ['x@test'], 'a');
    off();
    await put(store, ['x@test'], 'b');
    assert.deepEqual(seen, [a.id]);
    await store.close();
  });

  it('keeps IMAP \\Recent claims across reopen, clear and index compaction', async () => {
    const dir = tempDir();
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    const a = await put(store, ['r@test'], 'one');
    const b = await put(store, ['r@test', 'other@test'], 'two');
    assert.equal(store.recentHorizon('r@test'), 0);
    const claimed = store.claimRecent('R@Test', a.id);
    // Claimed in memory at once, before the index line is durable.
    assert.equal(store.recentHorizon('r@test'), a.id);
    await claimed;
    await store.claimRecent('r@test', a.id - 1); // never lowers it
    await store.close();

    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.equal(store.recentHorizon('r@test'), a.id);
    assert.equal(store.recentHorizon('other@test'), 0);
    await store.claimRecent('other@test', b.id);
    await store.clear();
    await store.close();

    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.equal(store.recentHorizon('other@test'), b.id, 'a clear keeps the horizons');
    // Enough claim lines that the next open rewrites the index: the rewrite keeps the newest.
    await Promise.all(Array.from({ length: 1100 }, (_, i) => store.claimRecent('many@test', i + 1)));
    await store.close();
    const lines = (name: string) => readFileSync(path.join(dir, name), 'utf8').trimEnd().split('\n').length;
    assert.ok(lines('index.log') > 1100);

    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.ok(lines('index.log') < 10, 'the index was compacted');
    assert.equal(store.recentHorizon('many@test'), 1100);
    assert.equal(store.recentHorizon('other@test'), b.id);
    assert.equal(store.recentHorizon('r@test'), a.id);
    await store.close();
  });
});
