import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MessageSummary } from '../mailbox.store';
import { tempDirs } from '../../../../test/support/temp-dirs';
import { FileMailboxStore } from './file-mailbox.store';

/**
 * Crash states written directly: the files a commit cut short can leave (any prefix of the index
 * tail, zeroed pages, a segment missing or holding other bytes), each opened fresh. What must hold
 * every time: every acknowledged message is there with its bytes, and nothing else is visible but
 * whole messages of later commits, oldest first.
 */

const tempDir = tempDirs('mailgate-mailbox-crash');

function summary(subject: string): MessageSummary {
  return { from: 'a@test', toHeader: '', subject, date: new Date(0).toISOString(), snippet: '' };
}

async function put(store: FileMailboxStore, content: string): Promise<number> {
  const body = store.createBody(1024 * 1024);
  await body.write(Buffer.from(content));
  return (await store.append({ sender: 's@test', recipients: ['r@test'], summary: summary(content), body }))
    .id;
}

interface Snapshot {
  index: Buffer;
  segment: Buffer;
}

const segmentFile = (dir: string) => path.join(dir, 'segments', '000001.seg');
const indexFile = (dir: string) => path.join(dir, 'index.log');

function snapshot(dir: string): Snapshot {
  return { index: readFileSync(indexFile(dir)), segment: readFileSync(segmentFile(dir)) };
}

/** A data dir holding exactly these files, as a crash left them. */
function crashed(index: Buffer, segment: Buffer): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'segments'));
  writeFileSync(indexFile(dir), index);
  writeFileSync(segmentFile(dir), segment);
  return dir;
}

/** Opens it, checks the rule above, checks it still takes and keeps mail, and says what survived. */
/** Every line end of the tail, just before and after it, and mid-line: where a write can stop. */
function cutPoints(index: Buffer, from: number): number[] {
  const cuts = new Set<number>([from, index.length]);
  let lineStart = from;
  for (let nl = index.indexOf(0x0a, from); nl >= 0; nl = index.indexOf(0x0a, lineStart)) {
    for (const cut of [nl, nl + 1, Math.floor((lineStart + nl) / 2)]) cuts.add(cut);
    lineStart = nl + 1;
  }
  return [...cuts].sort((a, b) => a - b);
}

async function recover(
  dir: string,
  acked: Map<number, string>,
  later: Map<number, string>,
): Promise<number[]> {
  let store = await FileMailboxStore.open({ dir, maxMessages: 1000 });
  const ids = store.list({ limit: 1000, order: 'oldest' }).map((m) => m.id);
  for (const [id, text] of acked)
    assert.equal((await store.readRaw(id)).toString(), text, `acknowledged ${id}`);
  const extra = ids.filter((id) => !acked.has(id));
  const laterIds = [...later.keys()];
  assert.deepEqual(extra, laterIds.slice(0, extra.length), 'only a prefix of later commits');
  for (const id of extra) assert.equal((await store.readRaw(id)).toString(), later.get(id));
  const next = await put(store, 'after the crash');
  assert.ok(next > Math.max(...ids));
  await store.close();
  store = await FileMailboxStore.open({ dir, maxMessages: 1000 });
  assert.deepEqual(
    store.list({ limit: 1000, order: 'oldest' }).map((m) => m.id),
    [...ids, next],
  );
  assert.equal((await store.readRaw(next)).toString(), 'after the crash');
  await store.close();
  return extra;
}

/**
 * Acknowledged messages, then the commit a crash interrupts: a flag change and three messages,
 * queued while the previous commit finished, so one batch. (A crash can only interrupt the last
 * commit: the next one is written after its sync round returned.)
 */
async function scenario(): Promise<{
  before: Snapshot;
  full: Snapshot;
  acked: Map<number, string>;
  later: Map<number, string>;
}> {
  const dir = tempDir();
  const store = await FileMailboxStore.open({ dir, maxMessages: 1000 });
  const acked = new Map<number, string>();
  for (const text of ['first', 'second']) acked.set(await put(store, text), text);
  await store.setFlags('r@test', [...acked.keys()][0], ['\\Seen']);
  const before = snapshot(dir);
  const later = new Map<number, string>();
  const flagged = store.setFlags('r@test', [...acked.keys()][1], ['\\Flagged']);
  const texts = ['third message', 'fourth message', 'fifth message'];
  const ids = await Promise.all(texts.map((t) => put(store, t)));
  await flagged;
  ids.forEach((id, i) => later.set(id, texts[i]));
  await store.close();
  const full = snapshot(dir);
  const batches = full.index
    .subarray(before.index.length)
    .toString()
    .match(/"t":"w"/g);
  assert.equal(batches?.length, 1, 'the flag change and the three messages in one batch');
  return { before, full, acked, later };
}

describe('FileMailboxStore crash recovery', () => {
  it('never shows a torn message and never loses an acknowledged one, whatever part of the last commits reached the disk', async () => {
    const { before, full, acked, later } = await scenario();
    const segments = {
      whole: full.segment,
      'none of it': before.segment,
      'half of it': full.segment.subarray(0, before.segment.length + 10),
      'other bytes': Buffer.concat([
        before.segment,
        Buffer.alloc(full.segment.length - before.segment.length, 'z'),
      ]),
    };
    const survivors = new Set<number>();
    for (const cut of cutPoints(full.index, before.index.length)) {
      for (const [name, segment] of Object.entries(segments)) {
        const extra = await recover(crashed(full.index.subarray(0, cut), segment), acked, later).catch(
          (err: Error) => {
            throw new Error(`index cut at ${cut}, segment ${name}: ${err.message}`);
          },
        );
        survivors.add(extra.length);
        assert.ok(extra.length === 0 || extra.length === later.size, 'a batch is kept whole or not at all');
        if (name !== 'whole') assert.deepEqual(extra, [], `segment ${name}: nothing of the last commit`);
      }
    }
    const whole = await recover(crashed(full.index, full.segment), acked, later);
    assert.equal(whole.length, later.size, 'a commit that fully reached the disk is kept');
    assert.deepEqual([...survivors].sort(), [0, later.size], 'the cuts reach both sides of the watermark');
  });

  it('drops a commit whose index page was never written (zeros) even when later bytes of it were', async () => {
    const { before, full, acked, later } = await scenario();
    const index = Buffer.from(full.index);
    index.fill(0, before.index.length + 5, before.index.length + 60);
    assert.deepEqual(await recover(crashed(index, full.segment), acked, later), []);
  });

  it('replays around an unreadable line that a later watermark vouches for (damage, not a crash)', async () => {
    const { before, full, acked, later } = await scenario();
    const index = Buffer.from(full.index);
    // The flag line of the acknowledged messages, long durable when the later commits were written.
    const flagLine = index.indexOf('{"t":"f"');
    assert.ok(flagLine > 0 && flagLine < before.index.length);
    index.fill('#', flagLine, flagLine + 5);
    const extra = await recover(crashed(index, full.segment), acked, later);
    assert.deepEqual(extra, [...later.keys()]);
  });

  it('opens a version-1 data dir (no CRCs, no watermarks), cutting its torn last line, and rewrites it', async () => {
    const segment = Buffer.from('onetwo');
    const meta = { sender: 's@test', recipients: ['r@test'], receivedAt: new Date(0).toISOString() };
    const v1 = [
      { t: 'h', v: 1, uidValidity: 1234, nextId: 1 },
      { t: 'a', id: 1, ...meta, size: 3, ...summary('one'), seg: 1, off: 0, len: 3 },
      { t: 'a', id: 2, ...meta, size: 3, ...summary('two'), seg: 1, off: 3, len: 3 },
      { t: 'f', id: 1, r: 'r@test', f: ['\\Seen'] },
    ];
    const index = v1.map((r) => JSON.stringify(r) + '\n').join('') + '{"t":"a","id":3,"sen';
    const dir = crashed(Buffer.from(index), segment);
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.equal(store.uidValidity, 1234);
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.subject),
      ['one', 'two'],
    );
    assert.equal((await store.readRaw(2)).toString(), 'two');
    assert.deepEqual([...store.flags('r@test', 1)], ['\\Seen']);
    const third = await put(store, 'three');
    await store.close();
    const rewritten = readFileSync(indexFile(dir), 'utf8');
    assert.match(rewritten, /"v":2/);
    assert.match(rewritten, /"t":"w"/);

    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.id),
      [1, 2, third],
    );
    assert.equal((await store.readRaw(third)).toString(), 'three');
    assert.deepEqual([...store.flags('r@test', 1)], ['\\Seen']);
    assert.deepEqual(readdirSync(path.join(dir, 'segments')), ['000001.seg']);
    await store.close();
  });

  it('answers a failed sync round with an error and cuts its lines off, so no later commit makes them durable', async () => {
    const dir = tempDir();
    let store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    const kept = await put(store, 'kept');
    const index = (store as unknown as { index: { datasync(): Promise<void> } }).index;
    const datasync = index.datasync.bind(index);
    index.datasync = () => Promise.reject(new Error('EIO (injected)'));
    await assert.rejects(put(store, 'refused'), /EIO/);
    index.datasync = datasync;
    const after = await put(store, 'after');
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.id),
      [kept, after],
    );
    await store.close();
    assert.doesNotMatch(readFileSync(indexFile(dir), 'utf8'), /refused/);
    store = await FileMailboxStore.open({ dir, maxMessages: 100 });
    assert.deepEqual(
      store.list({ limit: 9, order: 'oldest' }).map((m) => m.subject),
      ['kept', 'after'],
    );
    assert.equal((await store.readRaw(after)).toString(), 'after');
    await store.close();
  });
});
