"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadDevSecrets = loadDevSecrets;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const FILE = 'dev-secrets.json';
/**
 * Development only: secrets generated once into DATA_DIR and reused, so tokens issued before a
 * restart stay valid and the printed API key does not change under a developer's feet.
 * Written with mode 0600 and created exclusively, so two processes starting together agree.
 */
function loadDevSecrets(dataDir) {
    const file = node_path_1.default.join(dataDir, FILE);
    (0, node_fs_1.mkdirSync)(dataDir, { recursive: true });
    try {
        return parse((0, node_fs_1.readFileSync)(file, 'utf8'), file);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const fresh = {
        jwtSecret: (0, node_crypto_1.randomBytes)(32).toString('base64url'),
        apiKey: `mg_dev_${(0, node_crypto_1.randomBytes)(24).toString('base64url')}`,
    };
    try {
        (0, node_fs_1.writeFileSync)(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        return fresh;
    }
    catch (err) {
        // Another process won the race: use what it wrote.
        if (err.code === 'EEXIST')
            return parse((0, node_fs_1.readFileSync)(file, 'utf8'), file);
        throw err;
    }
}
function parse(text, file) {
    const value = JSON.parse(text);
    if (typeof value.jwtSecret !== 'string' || typeof value.apiKey !== 'string')
        throw new Error(`${file} is damaged: delete it to generate new development secrets`);
    return { jwtSecret: value.jwtSecret, apiKey: value.apiKey };
}
//# sourceMappingURL=dev-secrets.js.map