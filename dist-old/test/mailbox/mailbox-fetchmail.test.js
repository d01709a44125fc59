"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const pop3_client_1 = require("./pop3-client");
const smtp_helpers_1 = require("./smtp-helpers");
/**
 * fetchmail is a Debian package (.ci/run installs it); without it this suite skips, unless
 * REQUIRE_SERVICES=1, where it runs and fails. (spawnSync is fine here: no server runs yet.)
 */
const missing = (0, node_child_process_1.spawnSync)('fetchmail', ['--version'], { timeout: 10_000 }).error && process.env.REQUIRE_SERVICES !== '1'
    ? 'fetchmail is not installed (apt-get install fetchmail); with REQUIRE_SERVICES=1 this is a failure'
    : false;
(0, node_test_1.describe)('dev mailbox: fetchmail downloads a whole mailbox over POP3 + STLS', { skip: missing }, () => {
    let app;
    let home;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        home = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-fetchmail-'));
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
        (0, node_fs_1.rmSync)(home, { recursive: true, force: true });
    });
    (0, node_test_1.it)('retrieves every message, deletes them on the server, and a second run finds nothing', async () => {
        const to = 'fetch@example.test';
        const mailbox = new mailbox_client_1.MailboxClient(app.url);
        const subjects = ['fetch one', 'fetch two', 'fetch three'];
        for (const subject of subjects)
            strict_1.default.match(await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, subject, '.\r\n..')), /^250 /);
        const { host, port } = (0, pop3_client_1.pop3Address)(app);
        const out = node_path_1.default.join(home, 'delivered');
        const rc = node_path_1.default.join(home, 'fetchmailrc');
        // sslcertck off: the dev mailbox's certificate is self-signed. STLS is still used (sslproto).
        (0, node_fs_1.writeFileSync)(rc, [
            'set no bouncemail',
            `poll ${host} service ${port} proto pop3 auth password timeout 20`,
            `  user "${to}" there with password "mailgate"`,
            '  sslproto tls1.2+ no sslcertck',
            `  fetchall nokeep mda "cat >> ${out}"`,
            '',
        ].join('\n'));
        (0, node_fs_1.chmodSync)(rc, 0o600);
        const run = () => new Promise((resolve) => {
            (0, node_child_process_1.execFile)('fetchmail', ['-f', rc, '--nodetach', '--nosyslog', '-v'], { timeout: 60_000, env: { ...process.env, HOME: home, FETCHMAILHOME: home } }, (err, stdout, stderr) => resolve({
                code: typeof err?.code === 'number' ? err.code : err ? -1 : 0,
                output: stdout + stderr,
            }));
        });
        const first = await run();
        strict_1.default.equal(first.code, 0, first.output);
        strict_1.default.match(first.output, /STLS/);
        const delivered = (0, node_fs_1.readFileSync)(out, 'latin1');
        for (const subject of subjects)
            strict_1.default.match(delivered, new RegExp(`^Subject: ${subject}\r?$`, 'm'));
        strict_1.default.equal((await mailbox.list({ to })).length, 0, 'fetchmail deleted what it fetched');
        const second = await run();
        strict_1.default.equal(second.code, 1, `exit 1 means no mail: ${second.output}`);
    });
});
//# sourceMappingURL=mailbox-fetchmail.test.js.map