"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mailbox_service_1 = require("../../src/modules/mailbox/mailbox.service");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const smtp_helpers_1 = require("./smtp-helpers");
(0, node_test_1.describe)('dev mailbox: durability and retention', () => {
    (0, node_test_1.it)('keeps every acknowledged message across a restart on the same DATA_DIR', async () => {
        const first = await (0, app_1.startTestApp)();
        const to = 'keep@example.test';
        const raws = [(0, smtp_helpers_1.message)(to, 'kept one'), (0, smtp_helpers_1.message)(to, 'kept two')];
        for (const raw of raws)
            strict_1.default.match(await (0, smtp_helpers_1.sendRaw)(first, { from: 's@example.test', to: [to] }, raw), /^250 /);
        const before = await new mailbox_client_1.MailboxClient(first.url).list({ to });
        // A pending long-poll must not hold the shutdown up: it is answered 204.
        const pending = new mailbox_client_1.MailboxClient(first.url).waitFor('nobody@example.test', { timeoutMs: 60_000 });
        const service = first.app.get(mailbox_service_1.MailboxService);
        for (let i = 0; i < 200 && service.openWaits === 0; i++)
            await new Promise((r) => setTimeout(r, 25));
        strict_1.default.equal(service.openWaits, 1, 'the long-poll reached the server');
        await first.stop();
        strict_1.default.equal(await pending, null);
        const second = await (0, app_1.startTestApp)({}, first.dataDir);
        try {
            const mailbox = new mailbox_client_1.MailboxClient(second.url);
            const after = await mailbox.list({ to });
            strict_1.default.deepEqual(after, before);
            strict_1.default.equal((await mailbox.raw(after[1].id)).toString('utf8'), raws[0]);
            strict_1.default.equal((await mailbox.raw(after[0].id)).toString('utf8'), raws[1]);
            await (0, smtp_helpers_1.sendRaw)(second, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'after restart'));
            const [newest] = await mailbox.list({ to });
            strict_1.default.equal(newest.subject, 'after restart');
            strict_1.default.ok(newest.id > after[0].id, 'ids keep increasing across restarts');
        }
        finally {
            await second.destroy();
        }
    });
    (0, node_test_1.it)('drops the oldest messages past MAILBOX_MAX_MESSAGES', async () => {
        const app = await (0, app_1.startTestApp)({ MAILBOX_MAX_MESSAGES: '3' });
        try {
            const mailbox = new mailbox_client_1.MailboxClient(app.url);
            for (let i = 1; i <= 5; i++)
                await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [`r${i % 2}@example.test`] }, (0, smtp_helpers_1.message)('x', `n${i}`));
            strict_1.default.deepEqual((await mailbox.list()).map((m) => m.subject), ['n5', 'n4', 'n3']);
            strict_1.default.deepEqual((await mailbox.list({ to: 'r1@example.test' })).map((m) => m.subject), ['n5', 'n3']);
        }
        finally {
            await app.destroy();
        }
    });
});
//# sourceMappingURL=mailbox-durability.test.js.map