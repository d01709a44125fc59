"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const file_mailbox_store_1 = require("./file-mailbox.store");
const spooled_body_1 = require("./spooled-body");
const dirs = [];
function tempDir() {
    const dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-mailbox-store-'));
    dirs.push(dir);
    return dir;
}
(0, node_test_1.after)(() => {
    for (const d of dirs)
        (0, node_fs_1.rmSync)(d, { recursive: true, force: true });
});
function summary(subject) {
    return { from: 'a@test', toHeader: '', subject, date: new Date(0).toISOString(), snippet: '' };
}
async function put(store, recipients, content, subject = 'hi') {
    const body = store.createBody(10 * 1024 * 1024);
    await body.write(Buffer.isBuffer(content) ? content : Buffer.from(content));
    return store.append({ sender: 's@test', recipients, summary: summary(subject), body });
}
(0, node_test_1.describe)('FileMailboxStore', () => {
    (0, node_test_1.it)('stores bytes, lists per recipient newest first, and survives a reopen', async () => {
        const dir = tempDir();
        let store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        const uidValidity = store.uidValidity;
        const a = await put(store, ['A@Test', 'b@test'], 'one');
        const b = await put(store, ['b@test'], 'two');
        strict_1.default.ok(b.id > a.id);
        strict_1.default.deepEqual(a.recipients, ['a@test', 'b@test']);
        strict_1.default.deepEqual(store.list({ recipient: 'B@TEST', limit: 10, order: 'newest' }).map((m) => m.id), [b.id, a.id]);
        strict_1.default.deepEqual(store.list({ recipient: 'a@test', limit: 10, order: 'newest' }).map((m) => m.id), [a.id]);
        strict_1.default.deepEqual(store.list({ after: a.id, limit: 10, order: 'oldest' }).map((m) => m.id), [b.id]);
        await store.setFlags('b@test', a.id, ['\\Seen']);
        await store.close();
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        strict_1.default.equal(store.uidValidity, uidValidity);
        strict_1.default.equal((await store.readRaw(a.id)).toString(), 'one');
        strict_1.default.equal((await store.readRaw(b.id)).toString(), 'two');
        strict_1.default.deepEqual([...store.flags('b@test', a.id)], ['\\Seen']);
        strict_1.default.deepEqual([...store.flags('a@test', a.id)], []);
        const c = await put(store, ['c@test'], 'three');
        strict_1.default.ok(c.id > b.id, 'ids keep increasing after a restart');
        await store.close();
    });
    (0, node_test_1.it)('commits concurrent appends together and keeps each body intact, spooled ones included', async () => {
        const store = await file_mailbox_store_1.FileMailboxStore.open({ dir: tempDir(), maxMessages: 1000 });
        const big = Buffer.alloc(spooled_body_1.MEMORY_THRESHOLD * 3 + 17, 'x');
        const bodies = Array.from({ length: 50 }, (_, i) => (i === 7 ? big : Buffer.from(`message ${i}`)));
        const metas = await Promise.all(bodies.map((b) => put(store, ['r@test'], b)));
        strict_1.default.equal(new Set(metas.map((m) => m.id)).size, 50);
        for (let i = 0; i < bodies.length; i++)
            strict_1.default.ok((await store.readRaw(metas[i].id)).equals(bodies[i]));
        await store.close();
    });
    (0, node_test_1.it)('drops the oldest past maxMessages and removes segments nobody needs', async () => {
        const dir = tempDir();
        const store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 3, segmentBytes: 10 });
        const metas = [];
        for (let i = 0; i < 6; i++)
            metas.push(await put(store, ['r@test'], `message ${i}`));
        strict_1.default.deepEqual(store.list({ limit: 10, order: 'oldest' }).map((m) => m.id), metas.slice(3).map((m) => m.id));
        strict_1.default.equal(store.get(metas[0].id), undefined);
        strict_1.default.ok((0, node_fs_1.readdirSync)(node_path_1.default.join(dir, 'segments')).length <= 4);
        await store.close();
        const reopened = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 3 });
        strict_1.default.equal(reopened.list({ limit: 10, order: 'oldest' }).length, 3);
        await reopened.close();
    });
    (0, node_test_1.it)('keeps the in-memory index bounded by maxMessages, recipients and flags included', async () => {
        const dir = tempDir();
        const store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 5, segmentBytes: 4096 });
        for (let i = 0; i < 60; i++) {
            // A new recipient every time, with flags: the per-recipient maps must shrink too.
            const meta = await put(store, [`r${i}@test`, 'shared@test'], `message ${i}`);
            await store.setFlags(`r${i}@test`, meta.id, ['\\Seen']);
            strict_1.default.ok(store.memory.messages <= 5);
        }
        strict_1.default.deepEqual(store.memory, { messages: 5, locations: 5, mailboxes: 6, flagged: 5 });
        strict_1.default.equal(store.list({ recipient: 'r0@test', limit: 10, order: 'oldest' }).length, 0);
        strict_1.default.equal(store.list({ recipient: 'shared@test', limit: 100, order: 'oldest' }).length, 5);
        await store.close();
        const reopened = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 5 });
        strict_1.default.deepEqual(reopened.memory, { messages: 5, locations: 5, mailboxes: 6, flagged: 5 });
        await reopened.close();
    });
    (0, node_test_1.it)('removes one, expunges per recipient, clears all, and never reuses ids', async () => {
        const dir = tempDir();
        let store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        const a = await put(store, ['x@test', 'y@test'], 'a');
        const b = await put(store, ['x@test'], 'b');
        await store.expunge('x@test', a.id);
        strict_1.default.deepEqual(store.list({ recipient: 'x@test', limit: 9, order: 'oldest' }).map((m) => m.id), [b.id]);
        strict_1.default.deepEqual(store.list({ recipient: 'y@test', limit: 9, order: 'oldest' }).map((m) => m.id), [a.id]);
        strict_1.default.equal(await store.remove(b.id), true);
        strict_1.default.equal(await store.remove(b.id), false);
        await store.clear();
        strict_1.default.equal(store.list({ limit: 9, order: 'oldest' }).length, 0);
        await store.close();
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        strict_1.default.equal(store.list({ limit: 9, order: 'oldest' }).length, 0);
        const c = await put(store, ['x@test'], 'c');
        strict_1.default.ok(c.id > b.id);
        await store.close();
    });
    (0, node_test_1.it)('ignores a torn last index line left by a crash', async () => {
        const dir = tempDir();
        let store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        const a = await put(store, ['x@test'], 'a');
        await store.close();
        (0, node_fs_1.appendFileSync)(node_path_1.default.join(dir, 'index.log'), '{"t":"a","id":99,"sen');
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        strict_1.default.deepEqual(store.list({ limit: 9, order: 'oldest' }).map((m) => m.id), [a.id]);
        const b = await put(store, ['x@test'], 'b');
        await store.close();
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        strict_1.default.deepEqual(store.list({ limit: 9, order: 'oldest' }).map((m) => m.id), [a.id, b.id]);
        strict_1.default.equal((await store.readRaw(b.id)).toString(), 'b');
        await store.close();
    });
    (0, node_test_1.it)('tells listeners about each durable message', async () => {
        const store = await file_mailbox_store_1.FileMailboxStore.open({ dir: tempDir(), maxMessages: 100 });
        const seen = [];
        const off = store.onAppend((m) => seen.push(m.id));
        const a = await put(store, ['x@test'], 'a');
        off();
        await put(store, ['x@test'], 'b');
        strict_1.default.deepEqual(seen, [a.id]);
        await store.close();
    });
});
//# sourceMappingURL=file-mailbox.store.spec.js.map