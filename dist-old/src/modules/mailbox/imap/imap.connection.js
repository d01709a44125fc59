"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ImapConnection = void 0;
const node_events_1 = require("node:events");
const node_tls_1 = require("node:tls");
const imap_command_1 = require("./imap.command");
const imap_format_1 = require("./imap.format");
const imap_framer_1 = require("./imap.framer");
const imap_parser_1 = require("./imap.parser");
/** Commands waiting behind a slow one before we stop reading from the socket. */
const MAX_QUEUED = 32;
const MAX_FAILED_LOGINS = 5;
/**
 * One IMAP connection: frames the byte stream into commands, runs them one at a time through the
 * state machine (not authenticated → authenticated → selected), and writes with backpressure.
 * Every failure ends in a BAD/NO or a closed socket, never an exception out of here.
 */
class ImapConnection {
    options;
    socket;
    framer;
    queue = [];
    busy = false;
    closed = false;
    state = 'not-authenticated';
    user;
    mailbox;
    secure = false;
    failedLogins = 0;
    lineWaiter;
    onData = (data) => this.framer.push(data);
    constructor(socket, options) {
        this.options = options;
        this.socket = socket;
        this.framer = this.newFramer();
        this.attach(socket);
    }
    get isClosed() {
        return this.closed;
    }
    start() {
        const caps = (0, imap_command_1.capabilities)({ state: this.state, secure: this.secure, tlsAvailable: !!this.options.tls });
        this.write(`* OK [CAPABILITY ${caps}] mailgate dev mailbox IMAP4rev1 ready\r\n`);
    }
    /** Server shutdown: say goodbye and close. */
    shutdown() {
        if (this.closed)
            return;
        this.write('* BYE mailgate is shutting down\r\n');
        this.end();
    }
    newFramer() {
        return new imap_framer_1.CommandFramer({ maxLine: this.options.maxLine, maxLiteral: this.options.maxLiteral }, {
            command: (chunks) => this.received(chunks),
            continueLiteral: () => this.write('+ Ready for literal data\r\n'),
            reject: (tag, reason, fatal) => {
                this.write(`${tag} BAD ${reason}\r\n`);
                if (fatal)
                    this.end();
            },
        });
    }
    attach(socket) {
        socket.setTimeout(this.options.idleTimeoutMs);
        socket.on('data', this.onData);
        socket.on('timeout', () => {
            this.write('* BYE Autologout; idle for too long\r\n');
            this.end();
        });
        // A reset or broken pipe is the client's business; log it quietly and clean up on close.
        socket.on('error', (err) => this.options.log.debug({ err }, 'imap: connection error'));
        socket.on('close', () => this.cleanup());
    }
    received(chunks) {
        if (this.lineWaiter) {
            const waiter = this.lineWaiter;
            this.lineWaiter = undefined;
            waiter.resolve(chunks);
            return;
        }
        this.queue.push(chunks);
        // A client pipelining faster than we answer is slowed down by TCP, not by our memory.
        if (this.queue.length >= MAX_QUEUED)
            this.socket.pause();
        void this.pump();
    }
    async pump() {
        if (this.busy)
            return;
        this.busy = true;
        try {
            while (this.queue.length > 0 && !this.closed) {
                const chunks = this.queue.shift();
                if (this.queue.length < MAX_QUEUED / 2)
                    this.socket.resume();
                await this.execute(chunks);
            }
        }
        finally {
            this.busy = false;
        }
    }
    async execute(chunks) {
        // The tag, when there is one, so that even a garbled command gets a tagged BAD.
        const first = typeof chunks[0] === 'string' ? chunks[0] : '';
        let tag = /^([^\s(){%*"\\+]+) /.exec(first)?.[1] ?? '*';
        try {
            const parsed = (0, imap_parser_1.parseCommand)(chunks);
            tag = parsed.tag;
            let name = parsed.name;
            let args = parsed.args;
            let byUid = false;
            if (name === 'UID') {
                byUid = true;
                name = (0, imap_parser_1.asAtom)(args[0])?.toUpperCase() ?? '';
                args = args.slice(1);
            }
            const command = this.options.commands.get(name);
            if (!command || (byUid && !command.uid))
                return await this.tagged(tag, 'BAD', `unknown command ${name.slice(0, 20)}`);
            if (!command.states.includes(this.state))
                return await this.tagged(tag, 'BAD', `${name} is not allowed ${this.stateText()}`);
            await command.run(this.context(tag, byUid), args);
        }
        catch (err) {
            if (this.closed)
                return;
            if (err instanceof imap_parser_1.TaggedSyntaxError)
                return await this.tagged(err.tag, 'BAD', err.message);
            if (err instanceof imap_parser_1.ImapSyntaxError)
                return await this.tagged(tag, 'BAD', err.message);
            this.options.log.error({ err, tag }, 'imap: command failed');
            await this.tagged(tag, 'NO', '[SERVERBUG] internal error').catch(() => undefined);
        }
    }
    stateText() {
        return this.state === 'not-authenticated'
            ? 'before login'
            : this.state === 'authenticated'
                ? 'without a selected mailbox'
                : 'now';
    }
    tagged(tag, status, text) {
        return this.send([`${tag} ${status} ${text}`]);
    }
    async send(pieces) {
        if (this.closed)
            return;
        if (!this.write((0, imap_format_1.toBuffer)([...pieces, '\r\n'])) && !this.closed)
            await Promise.race([(0, node_events_1.once)(this.socket, 'drain'), (0, node_events_1.once)(this.socket, 'close')]);
    }
    write(data) {
        if (this.closed || this.socket.destroyed)
            return true;
        return this.socket.write(data);
    }
    end() {
        if (this.closed)
            return;
        this.closed = true;
        this.socket.end();
        // A client that never reads its last bytes must not keep the socket forever.
        setTimeout(() => this.socket.destroy(), 2_000).unref();
        this.cleanup();
    }
    cleanup() {
        this.closed = true;
        this.queue.length = 0;
        const waiter = this.lineWaiter;
        this.lineWaiter = undefined;
        waiter?.reject(new Error('connection closed'));
    }
    context(tag, byUid) {
        const live = {
            state: { get: () => this.state },
            user: { get: () => this.user },
            mailbox: { get: () => this.mailbox },
            secure: { get: () => this.secure },
        };
        const ctx = {
            tag,
            byUid,
            store: this.options.store,
            mime: this.options.mime,
            password: this.options.password,
            tlsAvailable: !!this.options.tls,
            send: (...pieces) => this.send(pieces),
            ok: (text) => this.tagged(tag, 'OK', text),
            no: (text) => this.tagged(tag, 'NO', text),
            bad: (text) => this.tagged(tag, 'BAD', text),
            login: (user) => {
                this.user = user;
                this.state = 'authenticated';
            },
            select: (mailbox) => {
                this.mailbox = mailbox;
                this.state = mailbox ? 'selected' : 'authenticated';
            },
            reportChanges: async (options = { expunges: true }) => {
                if (!this.mailbox)
                    return;
                if (!options.expunges)
                    return;
                const changes = this.mailbox.refresh();
                for (const seq of changes.expunged)
                    await this.send([`* ${seq} EXPUNGE`]);
                if (changes.exists !== undefined)
                    await this.send([`* ${changes.exists} EXISTS`]);
            },
            nextLine: () => new Promise((resolve, reject) => {
                if (this.closed)
                    return reject(new Error('connection closed'));
                // A line already queued (pipelined) is the answer.
                const queued = this.queue.shift();
                if (queued)
                    return resolve(queued);
                this.lineWaiter = { resolve, reject };
            }),
            startTls: () => this.startTls(),
            logout: () => this.end(),
            failedLogin: () => {
                if (++this.failedLogins >= MAX_FAILED_LOGINS) {
                    this.write('* BYE too many failed logins\r\n');
                    this.end();
                }
            },
        };
        return Object.defineProperties(ctx, live);
    }
    /**
     * RFC 3501 §6.2.1: after our OK the next bytes are the TLS handshake. Anything the client sent
     * in plain text after STARTTLS is thrown away (a man in the middle could have injected it), and
     * the framer starts fresh on the encrypted stream.
     */
    async startTls() {
        const tls = this.options.tls;
        if (!tls)
            throw new Error('no TLS context');
        const plain = this.socket;
        plain.off('data', this.onData);
        plain.removeAllListeners('timeout');
        plain.setTimeout(0);
        this.queue.length = 0;
        this.framer = this.newFramer();
        const secure = new node_tls_1.TLSSocket(plain, { isServer: true, secureContext: tls });
        this.socket = secure;
        this.secure = true;
        plain.removeAllListeners('close');
        plain.on('close', () => secure.destroy());
        this.attach(secure);
        await Promise.race([(0, node_events_1.once)(secure, 'secure'), (0, node_events_1.once)(secure, 'close')]);
    }
}
exports.ImapConnection = ImapConnection;
//# sourceMappingURL=imap.connection.js.map