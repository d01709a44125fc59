"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SmtpSink = void 0;
exports.waitFor = waitFor;
const smtp_server_1 = require("smtp-server");
/**
 * A real SMTP server on 127.0.0.1:0 for tests. It records every DATA transaction, and answers
 * them from a per-recipient script (e.g. [451] = refuse once with 451, then accept; [550, 550, …]).
 */
class SmtpSink {
    received = [];
    scripts = new Map();
    holding = false;
    held = [];
    server;
    port = 0;
    /** Listens on `port` (0: any free port; a fixed one to end a simulated outage). */
    static async start(options = {}, port = 0) {
        const sink = new SmtpSink();
        const xoauth2 = options.xoauth2;
        const needsAuth = options.auth !== undefined || xoauth2 !== undefined;
        sink.server = new smtp_server_1.SMTPServer({
            disabledCommands: needsAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
            authOptional: !needsAuth,
            authMethods: xoauth2 ? ['XOAUTH2'] : undefined,
            allowInsecureAuth: true,
            logger: false,
            onAuth(auth, _session, callback) {
                options.onAuth?.({ method: auth.method, username: auth.username, accessToken: auth.accessToken });
                if (xoauth2) {
                    const expected = xoauth2.accessToken();
                    if (auth.method === 'XOAUTH2' &&
                        auth.username === xoauth2.user &&
                        expected !== undefined &&
                        auth.accessToken === expected)
                        return callback(null, { user: auth.username });
                    return callback(null, {
                        data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' },
                    });
                }
                if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass)
                    return callback(null, { user: auth.username });
                callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
            },
            onData: (stream, session, callback) => sink.onData(stream, session, callback),
        });
        await new Promise((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
        sink.port = sink.server.server.address().port;
        return sink;
    }
    get url() {
        return `smtp://127.0.0.1:${this.port}`;
    }
    /** Answers the next DATA transactions for `address` with these codes, then accepts. */
    script(address, replies) {
        this.scripts.set(address, [...replies]);
    }
    /** From now on, leaves every DATA unanswered (the client waits) until `release()`. */
    hold() {
        this.holding = true;
    }
    /** How many DATA transactions are waiting for an answer right now. */
    get waiting() {
        return this.held.length;
    }
    release() {
        this.holding = false;
        for (const answer of this.held.splice(0))
            answer();
    }
    to(address) {
        return this.received.filter((r) => r.rcptTo.includes(address));
    }
    close() {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
    onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            const rcptTo = session.envelope.rcptTo.map((r) => r.address);
            const headers = raw.split(/\r?\n\r?\n/)[0];
            const messageId = /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? '';
            const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const script = rcptTo.map((a) => this.scripts.get(a)).find((s) => s !== undefined && s.length > 0);
            const reply = script?.shift() ?? 250;
            this.received.push({ mailFrom, rcptTo, raw, messageId, reply, headers });
            const answer = () => reply === 250
                ? callback(null)
                : callback(Object.assign(new Error(`scripted ${reply}`), { responseCode: reply }));
            if (this.holding)
                this.held.push(answer);
            else
                answer();
        });
    }
}
exports.SmtpSink = SmtpSink;
/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs`. */
async function waitFor(what, probe, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined)
            return value;
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
//# sourceMappingURL=smtp-sink.js.map