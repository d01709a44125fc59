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
const pop3_server_1 = require("../../src/modules/mailbox/pop3/pop3.server");
const file_mailbox_store_1 = require("../../src/modules/mailbox/storage/file-mailbox.store");
const pop3_client_1 = require("./pop3-client");
/** The protocol server alone over a real store, with its limits turned down to test them. */
(0, node_test_1.describe)('Pop3Server limits', () => {
    let dir;
    let store;
    let server;
    let address;
    (0, node_test_1.before)(async () => {
        dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-pop3-'));
        store = await file_mailbox_store_1.FileMailboxStore.open({ dir, maxMessages: 100 });
        server = new pop3_server_1.Pop3Server({
            store,
            password: 'pässword',
            maxClients: 2,
            maxBadCommands: 3,
            authFailureDelayMs: 10,
        });
        address = await server.listen(0, '127.0.0.1');
    });
    (0, node_test_1.after)(async () => {
        await server.close();
        await store.close();
        (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    });
    (0, node_test_1.it)('logs out an idle session', async () => {
        // Its own server: a short autologout on the shared one would race the other tests' sessions.
        const sleepy = new pop3_server_1.Pop3Server({ store, password: 'x', idleTimeoutMs: 200 });
        try {
            const wire = await pop3_client_1.Pop3Wire.connect(await sleepy.listen(0, '127.0.0.1'));
            await wire.closedByServer();
            strict_1.default.match(wire.pending, /^-ERR autologout/);
        }
        finally {
            await sleepy.close();
        }
    });
    (0, node_test_1.it)('refuses connections past maxClients and serves again once one leaves', async () => {
        const a = await pop3_client_1.Pop3Wire.connect(address);
        const b = await pop3_client_1.Pop3Wire.connect(address);
        const c = await pop3_client_1.Pop3Wire.connect(address);
        strict_1.default.match(a.greeting, /^\+OK/);
        strict_1.default.match(c.greeting, /^-ERR \[SYS\/TEMP\] too many connections/);
        await c.closedByServer();
        a.destroy();
        b.destroy();
        await Promise.all([a.closedByServer(), b.closedByServer()]);
        let served = false;
        for (let i = 0; i < 50 && !served; i++) {
            const d = await pop3_client_1.Pop3Wire.connect(address).catch(() => undefined);
            if (d) {
                served = (await d.command('CAPA')).startsWith('+OK');
                d.destroy();
            }
        }
        strict_1.default.ok(served);
    });
    (0, node_test_1.it)('does not offer STLS without a certificate, and compares the UTF-8 password byte for byte', async () => {
        const wire = await pop3_client_1.Pop3Wire.connect(address);
        try {
            wire.write('CAPA\r\n');
            strict_1.default.match(await wire.line(), /^\+OK/);
            strict_1.default.doesNotMatch((await wire.multiline()).toString(), /STLS/);
            strict_1.default.match(await wire.command('STLS'), /^-ERR/);
            strict_1.default.match(await wire.command('USER x@test'), /^\+OK/);
            wire.write(Buffer.from('PASS pässword\r\n', 'utf8'));
            strict_1.default.match(await wire.line(), /^\+OK 0 messages/);
        }
        finally {
            wire.destroy();
        }
    });
    (0, node_test_1.it)('hangs up after maxBadCommands wrong passwords', async () => {
        const wire = await pop3_client_1.Pop3Wire.connect(address);
        for (let i = 0; i < 3; i++)
            wire.write('USER x@test\r\nPASS guess\r\n');
        await wire.closedByServer();
        strict_1.default.equal(wire.pending.match(/-ERR \[AUTH\]/g)?.length, 2);
        strict_1.default.match(wire.pending, /-ERR too many bad commands\r\n$/);
    });
});
//# sourceMappingURL=pop3-server.test.js.map