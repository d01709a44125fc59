"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pop3Server = void 0;
const node_net_1 = __importDefault(require("node:net"));
const pop3_session_1 = require("./pop3.session");
const DEFAULTS = {
    idleTimeoutMs: 10 * 60_000,
    maxLineBytes: 512,
    maxBadCommands: 10,
    authFailureDelayMs: 1_000,
    maxClients: 200,
};
/**
 * The dev mailbox's POP3 listener: protocol only, over the MailboxStore port. It owns the
 * listening socket, the live sessions and the per-mailbox locks; each connection is a Pop3Session.
 */
class Pop3Server {
    options;
    server;
    sessions = new Set();
    /** Every open socket, refused ones included, so close() never waits on a client. */
    sockets = new Set();
    locks = new Set();
    settings;
    constructor(options) {
        this.options = options;
        this.settings = { ...DEFAULTS, ...withoutUndefined(options) };
        this.server = node_net_1.default.createServer((socket) => this.accept(socket));
        this.server.on('error', (err) => options.log?.warn({ err }, 'mailbox pop3: server error'));
    }
    async listen(port, host) {
        await new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(port, host, () => {
                this.server.off('error', reject);
                resolve();
            });
        });
        const address = this.server.address();
        return { host, port: typeof address === 'object' && address ? address.port : port };
    }
    /** Stops listening and ends every session (no UPDATE state: unQUIT sessions delete nothing). */
    async close() {
        const closed = new Promise((resolve) => this.server.close(() => resolve()));
        for (const session of this.sessions)
            session.destroy();
        for (const socket of this.sockets)
            socket.destroy();
        await closed;
    }
    accept(socket) {
        socket.setNoDelay(true);
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        if (this.sessions.size >= this.settings.maxClients) {
            socket.on('error', () => undefined);
            socket.end('-ERR [SYS/TEMP] too many connections, try again later\r\n');
            // A client that never closes its side must not hold the descriptor.
            setTimeout(() => socket.destroy(), 2_000).unref();
            return;
        }
        const { store, log, secureContext, password } = this.options;
        const session = new pop3_session_1.Pop3Session(socket, {
            store,
            log,
            secureContext,
            checkPassword: (given) => samePassword(given, password),
            lock: (recipient) => {
                if (this.locks.has(recipient))
                    return false;
                this.locks.add(recipient);
                return true;
            },
            unlock: (recipient) => this.locks.delete(recipient),
            idleTimeoutMs: this.settings.idleTimeoutMs,
            maxLineBytes: this.settings.maxLineBytes,
            maxBadCommands: this.settings.maxBadCommands,
            authFailureDelayMs: this.settings.authFailureDelayMs,
        }, () => this.sessions.delete(session));
        this.sessions.add(session);
    }
}
exports.Pop3Server = Pop3Server;
/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function samePassword(a, b) {
    const x = Buffer.from(a, 'latin1'); // the raw bytes the client sent
    const y = Buffer.from(b, 'utf8');
    let diff = x.length ^ y.length;
    for (let i = 0; i < Math.max(x.length, y.length); i++)
        diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
    return diff === 0;
}
function withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
//# sourceMappingURL=pop3.server.js.map