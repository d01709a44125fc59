"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pop3Wire = void 0;
exports.pop3Address = pop3Address;
exports.unstuff = unstuff;
const node_net_1 = __importDefault(require("node:net"));
const node_tls_1 = __importDefault(require("node:tls"));
const mailbox_port_1 = require("../../src/modules/mailbox/mailbox.port");
function pop3Address(app) {
    return app.app.get(mailbox_port_1.MAILBOX_ENDPOINT).pop3Address();
}
/**
 * A raw POP3 connection for tests that need to see the exact bytes (the real clients — poplib,
 * curl, fetchmail — are driven as separate processes). Collects everything the server says.
 */
class Pop3Wire {
    socket;
    data = Buffer.alloc(0);
    consumed = 0;
    closed = false;
    waiters = new Set();
    /** The server's first line. */
    greeting = '';
    constructor(socket) {
        this.socket = socket;
        this.listen(socket);
    }
    static async connect(address) {
        const socket = node_net_1.default.connect(address);
        await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('error', reject);
        });
        const wire = new Pop3Wire(socket);
        wire.greeting = await wire.line();
        return wire;
    }
    listen(socket) {
        socket.on('data', (chunk) => {
            this.data = Buffer.concat([this.data, chunk]);
            for (const w of this.waiters)
                w();
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
            this.closed = true;
            for (const w of this.waiters)
                w();
        });
    }
    get isClosed() {
        return this.closed;
    }
    /** Everything not yet consumed by line()/multiline(). */
    get pending() {
        return this.data.subarray(this.consumed).toString('latin1');
    }
    waitFor(find) {
        return new Promise((resolve, reject) => {
            const check = () => {
                const end = find();
                if (end >= 0) {
                    this.waiters.delete(check);
                    const out = this.data.subarray(this.consumed, end);
                    this.consumed = end;
                    resolve(out);
                }
                else if (this.closed) {
                    this.waiters.delete(check);
                    reject(new Error(`connection closed; unread: ${JSON.stringify(this.pending)}`));
                }
            };
            this.waiters.add(check);
            check();
        });
    }
    /** The next single-line answer, without CRLF. */
    async line() {
        const bytes = await this.waitFor(() => {
            const i = this.data.indexOf('\r\n', this.consumed);
            return i < 0 ? -1 : i + 2;
        });
        return bytes.subarray(0, bytes.length - 2).toString('latin1');
    }
    /** The body of a multi-line answer as sent (still dot-stuffed), including the final ".\r\n". */
    async multiline() {
        return this.waitFor(() => {
            if (this.data.subarray(this.consumed, this.consumed + 3).toString() === '.\r\n')
                return this.consumed + 3;
            const i = this.data.indexOf('\r\n.\r\n', this.consumed);
            return i < 0 ? -1 : i + 5;
        });
    }
    /** Waits for the server to close the connection. */
    closedByServer() {
        return new Promise((resolve) => {
            const check = () => {
                if (!this.closed)
                    return;
                this.waiters.delete(check);
                resolve();
            };
            this.waiters.add(check);
            check();
        });
    }
    write(text) {
        this.socket.write(text);
    }
    async command(line) {
        this.write(`${line}\r\n`);
        return this.line();
    }
    /** Wraps the socket in TLS after the server said +OK to STLS. */
    async upgrade() {
        this.socket.removeAllListeners('data');
        this.socket.removeAllListeners('close');
        const secure = node_tls_1.default.connect({ socket: this.socket, rejectUnauthorized: false });
        await new Promise((resolve, reject) => {
            secure.once('secureConnect', resolve);
            secure.once('error', reject);
        });
        this.socket = secure;
        this.listen(secure);
        return secure;
    }
    destroy() {
        this.socket.destroy();
    }
}
exports.Pop3Wire = Pop3Wire;
/** Undoes POP3 byte-stuffing and drops the terminator of a multi-line body. */
function unstuff(body) {
    const text = body.toString('latin1');
    const withoutEnd = text.endsWith('\r\n.\r\n') ? text.slice(0, -3) : text.replace(/^\.\r\n$/, '');
    return withoutEnd
        .split('\r\n')
        .map((l) => (l.startsWith('.') ? l.slice(1) : l))
        .join('\r\n');
}
//# sourceMappingURL=pop3-client.js.map