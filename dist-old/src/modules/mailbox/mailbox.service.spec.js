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
const mailbox_service_1 = require("./mailbox.service");
const local_resolver_1 = require("./message/local-resolver");
const file_mailbox_store_1 = require("./storage/file-mailbox.store");
(0, node_test_1.describe)('MailboxService.waitFor', () => {
    let dir;
    let store;
    let service;
    (0, node_test_1.before)(async () => {
        dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-mailbox-wait-'));
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        service = new mailbox_service_1.MailboxService(store, (0, local_resolver_1.createLocalResolver)({}));
    });
    (0, node_test_1.after)(async () => {
        await store.close();
        (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    });
    async function put(to) {
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
    (0, node_test_1.it)('resolves on the next matching message and then unsubscribes', async () => {
        const waiting = service.waitFor('Late@Test', undefined, 10_000, new AbortController().signal);
        strict_1.default.equal(store.subscribers, 1);
        await put('other@test');
        const meta = await put('late@test');
        strict_1.default.equal((await waiting)?.id, meta.id);
        strict_1.default.equal(store.subscribers, 0);
    });
    (0, node_test_1.it)('stops waiting when the client goes away, on timeout, and at shutdown', async () => {
        const abort = new AbortController();
        const aborted = service.waitFor('gone@test', undefined, 10_000, abort.signal);
        const timedOut = service.waitFor('gone@test', undefined, 20, new AbortController().signal);
        const shutdown = service.waitFor('gone@test', undefined, 10_000, new AbortController().signal);
        strict_1.default.equal(store.subscribers, 3);
        abort.abort();
        strict_1.default.equal(await aborted, undefined);
        strict_1.default.equal(await timedOut, undefined);
        service.beforeApplicationShutdown();
        strict_1.default.equal(await shutdown, undefined);
        strict_1.default.equal(store.subscribers, 0);
    });
});
//# sourceMappingURL=mailbox.service.spec.js.map