"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_fs_1 = require("node:fs");
const node_util_1 = require("node:util");
const app_1 = require("./app");
const config_1 = require("./config/config");
const logger_1 = require("./common/logging/logger");
/** `.env` fills in what the real environment leaves unset; the environment always wins. */
function readDotenv() {
    if (!(0, node_fs_1.existsSync)('.env'))
        return process.env;
    return { ...(0, node_util_1.parseEnv)((0, node_fs_1.readFileSync)('.env', 'utf8')), ...process.env };
}
async function main() {
    let config;
    try {
        config = (0, config_1.loadConfig)(readDotenv());
    }
    catch (err) {
        if (err instanceof config_1.ConfigError) {
            process.stderr.write(`mailgate: invalid setting ${err.message}\n`);
            process.exit(1);
        }
        throw err;
    }
    const log = (0, logger_1.createLogger)(config.logLevel);
    const running = await (0, app_1.startApp)(config, log);
    log.info({ url: running.url, profile: config.profile, dataDir: config.dataDir }, 'mailgate is listening');
    if (config.apiKeyGenerated)
        log.info({ apiKey: config.apiKeys[0] }, 'development API key for POST /emails');
}
main().catch((err) => {
    process.stderr.write(`mailgate: failed to start: ${err.stack ?? String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map