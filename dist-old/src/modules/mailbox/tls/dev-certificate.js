"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadDevCertificate = loadDevCertificate;
const node_child_process_1 = require("node:child_process");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const node_util_1 = require("node:util");
const run = (0, node_util_1.promisify)(node_child_process_1.execFile);
/**
 * The dev mailbox's TLS key and self-signed certificate (for POP3 STLS / IMAP STARTTLS), made
 * once with the `openssl` CLI into DATA_DIR/mailbox/tls and reused after that, so a client that
 * pinned it keeps working across restarts. The key file is 0600. A dev certificate only: clients
 * must be told to accept it (`curl -k`, `rejectUnauthorized: false`).
 */
async function loadDevCertificate(dir, hostNames) {
    const keyFile = node_path_1.default.join(dir, 'key.pem');
    const certFile = node_path_1.default.join(dir, 'cert.pem');
    const existing = await Promise.all([(0, promises_1.readFile)(keyFile), (0, promises_1.readFile)(certFile)]).catch(() => undefined);
    if (existing)
        return { key: existing[0], cert: existing[1] };
    await (0, promises_1.mkdir)(dir, { recursive: true, mode: 0o700 });
    const san = [...new Set(['localhost', ...hostNames])]
        .map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`))
        .join(',');
    const tmpKey = `${keyFile}.tmp`;
    const tmpCert = `${certFile}.tmp`;
    try {
        // execFile, not a shell: the host names are settings and must not be interpreted.
        await run('openssl', [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-sha256',
            '-days',
            '3650',
            '-subj',
            '/CN=mailgate dev mailbox',
            '-addext',
            `subjectAltName=${san}`,
            '-keyout',
            tmpKey,
            '-out',
            tmpCert,
        ], { timeout: 30_000 });
        await (0, promises_1.chmod)(tmpKey, 0o600);
        const [key, cert] = await Promise.all([(0, promises_1.readFile)(tmpKey), (0, promises_1.readFile)(tmpCert)]);
        await (0, promises_1.rename)(tmpKey, keyFile);
        await (0, promises_1.rename)(tmpCert, certFile);
        return { key, cert };
    }
    finally {
        await (0, promises_1.rm)(tmpKey, { force: true });
        await (0, promises_1.rm)(tmpCert, { force: true });
    }
}
//# sourceMappingURL=dev-certificate.js.map