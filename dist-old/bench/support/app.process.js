"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startMailgate = startMailgate;
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const db_template_1 = require("../../test/support/db-template");
const child_process_1 = require("./child.process");
/**
 * mailgate as `npm start` runs it (node dist/src/main.js), with a fresh DATA_DIR, free ports and
 * rate limits off, in its own process. Logs at `warn` so the access log does not become the
 * thing measured; the log file stays in `logDir` for inspection.
 */
async function startMailgate(opts) {
    const dataDir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-bench-'));
    await (0, db_template_1.seedEmbeddedDb)(node_path_1.default.join(dataDir, 'db'));
    const port = await (0, child_process_1.freePort)();
    const url = `http://127.0.0.1:${port}`;
    const env = {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        DATA_DIR: dataDir,
        MAIL_TRANSPORT: opts.transport,
        MAILBOX: opts.mailbox === false ? 'off' : 'on',
        MAILBOX_HOST: '127.0.0.1',
        MAILBOX_SMTP_PORT: String(opts.mailboxSmtpPort ?? 0),
        MAILBOX_POP3_PORT: '0',
        MAILBOX_IMAP_PORT: '0',
        RATE_LIMIT: 'off',
        LOG_LEVEL: 'warn',
        UV_THREADPOOL_SIZE: String(opts.threadpool),
    };
    if (opts.smtpUrl)
        env.SMTP_URL = opts.smtpUrl;
    if (opts.profile)
        env.BENCH_PROFILE_DIR = opts.logDir;
    const name = `mailgate-${opts.role ?? opts.transport}`;
    return (0, child_process_1.withOwnedDataDir)(dataDir, () => (0, child_process_1.startServerProcess)({
        name,
        script: node_path_1.default.join(child_process_1.ROOT, 'dist', 'src', 'main.js'),
        env,
        url,
        readyPath: '/health',
        logFile: node_path_1.default.join(opts.logDir, `${name}-${port}.log`),
        nodeArgs: opts.profile
            ? ['-r', node_path_1.default.join(child_process_1.ROOT, 'dist', 'bench', 'children', 'profile.preload.js')]
            : [],
    }));
}
//# sourceMappingURL=app.process.js.map