"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RawSession = void 0;
exports.smtpAddress = smtpAddress;
exports.sendRaw = sendRaw;
exports.message = message;
exports.connect = connect;
const node_net_1 = __importDefault(require("node:net"));
const nodemailer_1 = __importDefault(require("nodemailer"));
const mailbox_port_1 = require("../../src/modules/mailbox/mailbox.port");
function smtpAddress(app) {
    // The endpoint the mail module's `mailbox` transport uses; the tests reach it the same way.
    return app.app.get(mailbox_port_1.MAILBOX_ENDPOINT).smtpAddress();
}
/** Sends exact bytes with an explicit envelope over a real SMTP session; returns the server's reply. */
async function sendRaw(app, envelope, raw) {
    const { host, port } = smtpAddress(app);
    const transport = nodemailer_1.default.createTransport({ host, port, secure: false });
    try {
        const info = await transport.sendMail({ envelope, raw });
        return info.response;
    }
    finally {
        transport.close();
    }
}
let counter = 0;
/** A small message with a unique subject. */
function message(to, subject = `test ${++counter}`, text = 'hello') {
    return [
        'From: Sender <sender@example.test>',
        `To: ${to}`,
        `Subject: ${subject}`,
        'Date: Sat, 21 Nov 2026 10:00:00 +0000',
        `Message-ID: <m${counter}.${Date.now()}@example.test>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        text,
        '',
    ].join('\r\n');
}
/** A raw TCP connection to the SMTP port that collects what the server says. */
async function connect(app) {
    const { host, port } = smtpAddress(app);
    const socket = node_net_1.default.connect({ host, port });
    await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
    });
    const session = new RawSession(socket);
    // Talking before the greeting is treated as a spambot (421): wait for it like a real client.
    await session.until(/^220 [^\r\n]*\r\n/);
    return session;
}
class RawSession {
    socket;
    data = '';
    closed = false;
    waiters = new Set();
    constructor(socket) {
        this.socket = socket;
        socket.on('data', (chunk) => {
            this.data += chunk.toString('latin1');
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
    get received() {
        return this.data;
    }
    /** Resolves once the server has said something matching `pattern`, or the socket closed. */
    until(pattern) {
        return new Promise((resolve) => {
            const check = () => {
                if (pattern.test(this.data) || this.closed) {
                    this.waiters.delete(check);
                    resolve(this.data);
                }
            };
            this.waiters.add(check);
            check();
        });
    }
    destroy() {
        this.socket.destroy();
    }
}
exports.RawSession = RawSession;
//# sourceMappingURL=smtp-helpers.js.map