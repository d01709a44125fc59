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
const gmail_token_store_1 = require("./gmail-token.store");
const dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-token-'));
(0, node_test_1.after)(() => (0, node_fs_1.rmSync)(dir, { recursive: true, force: true }));
const owner = { user: 'me@gmail.test', clientId: 'client-a' };
(0, node_test_1.describe)('Gmail token store', () => {
    (0, node_test_1.it)('keeps a token at mode 0600 and gives it back to the same user and client only', () => {
        const store = new gmail_token_store_1.GmailTokenStore(dir, owner);
        const expires = Date.now() + 3_600_000;
        store.save({ accessToken: 'ya29.a', expires });
        strict_1.default.equal((0, node_fs_1.statSync)(store.file).mode & 0o777, 0o600);
        strict_1.default.deepEqual(store.load(), { accessToken: 'ya29.a', expires });
        strict_1.default.equal(new gmail_token_store_1.GmailTokenStore(dir, { ...owner, clientId: 'client-b' }).load(), undefined);
        strict_1.default.equal(new gmail_token_store_1.GmailTokenStore(dir, { ...owner, user: 'other@gmail.test' }).load(), undefined);
    });
    (0, node_test_1.it)('an expired or unreadable file is no token', () => {
        const store = new gmail_token_store_1.GmailTokenStore(dir, owner);
        store.save({ accessToken: 'ya29.old', expires: Date.now() - 1 });
        strict_1.default.equal(store.load(), undefined);
        (0, node_fs_1.writeFileSync)(store.file, '{not json');
        strict_1.default.equal(store.load(), undefined);
    });
    (0, node_test_1.it)('starts from whichever of the configured and stored tokens lives longer', () => {
        const stored = { accessToken: 'stored', expires: 2000 };
        strict_1.default.equal((0, gmail_token_store_1.initialToken)({ accessToken: 'cfg', expires: 1000 }, stored)?.accessToken, 'stored');
        strict_1.default.equal((0, gmail_token_store_1.initialToken)({ accessToken: 'cfg', expires: 3000 }, stored)?.accessToken, 'cfg');
        strict_1.default.equal((0, gmail_token_store_1.initialToken)({}, stored)?.accessToken, 'stored');
        strict_1.default.deepEqual((0, gmail_token_store_1.initialToken)({ accessToken: 'cfg' }, undefined), { accessToken: 'cfg', expires: 0 });
        strict_1.default.equal((0, gmail_token_store_1.initialToken)({}, undefined), undefined);
    });
});
//# sourceMappingURL=gmail-token.store.spec.js.map