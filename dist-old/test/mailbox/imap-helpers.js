"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RawImap = exports.PASSWORD = void 0;
exports.imapAddress = imapAddress;
const node_net_1 = __importDefault(require("node:net"));
const mailbox_port_1 = require("../../src/modules/mailbox/mailbox.port");
exports.PASSWORD = 'mailgate';
function imapAddress(app) {
    return app.app.get(mailbox_port_1.MAILBOX_ENDPOINT).imapAddress();
}
/** A raw TCP IMAP session: write exact bytes, wait for what the server says. */
class RawImap {
    socket;
    data = Buffer.alloc(0);
    closed = false;
    waiters = new Set();
    constructor(socket) {
        this.socket = socket;
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
    static async open(app) {
        const socket = node_net_1.default.connect(imapAddress(app));
        await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('error', reject);
        });
        const session = new RawImap(socket);
        await session.until(/^\* OK .*\r\n/);
        return session;
    }
    get text() {
        return this.data.toString('latin1');
    }
    write(data) {
        this.socket.write(data);
    }
    /** Sends `tag command` and waits for its tagged completion; returns everything said since. */
    async command(tag, command) {
        const from = this.data.length;
        this.write(`${tag} ${command}\r\n`);
        await this.until(new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`), from);
        return this.data.subarray(from).toString('latin1');
    }
    /** Resolves once the text since `from` matches, or the socket closed. */
    until(pattern, from = 0) {
        return new Promise((resolve) => {
            const check = () => {
                const text = this.data.subarray(from).toString('latin1');
                if (pattern.test(text) || this.closed) {
                    this.waiters.delete(check);
                    resolve(text);
                }
            };
            this.waiters.add(check);
            check();
        });
    }
    get length() {
        return this.data.length;
    }
    destroy() {
        this.socket.destroy();
    }
}
exports.RawImap = RawImap;
//# sourceMappingURL=imap-helpers.js.map