"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.tempDataDir = tempDataDir;
exports.startTestApp = startTestApp;
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const app_1 = require("../../src/app");
const logger_1 = require("../../src/common/logging/logger");
const config_1 = require("../../src/config/config");
const db_template_1 = require("./db-template");
/** A fresh DATA_DIR whose embedded database is already initialised (see db-template.ts). */
async function tempDataDir() {
    const dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-test-'));
    await (0, db_template_1.seedEmbeddedDb)(node_path_1.default.join(dir, 'db'));
    return dir;
}
/**
 * Starts the whole service in this process on free ports (0) with its own DATA_DIR, as
 * `npm start` would with those settings. Rate limits are on unless a test turns them off.
 */
async function startTestApp(env = {}, dir) {
    const dataDir = dir ?? (await tempDataDir());
    const config = (0, config_1.loadConfig)({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        PORT: '0',
        MAILBOX_SMTP_PORT: '0',
        MAILBOX_POP3_PORT: '0',
        MAILBOX_IMAP_PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        ...env,
    });
    const running = await (0, app_1.startApp)(config, (0, logger_1.createLogger)(config.logLevel));
    let stopped = false;
    const stop = async () => {
        if (stopped)
            return;
        stopped = true;
        await running.close();
    };
    return {
        ...running,
        dataDir,
        stop,
        destroy: async () => {
            await stop();
            (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
        },
    };
}
//# sourceMappingURL=app.js.map