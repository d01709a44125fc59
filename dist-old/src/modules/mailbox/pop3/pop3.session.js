"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pop3Session = void 0;
const node_tls_1 = require("node:tls");
const mailbox_store_1 = require("../mailbox.store");
const pop3_encoding_1 = require("./pop3.encoding");
const pop3_maildrop_1 = require("./pop3.maildrop");
const LF = 0x0a;
/** Pipelined input held before the socket is paused (backpressure, not a limit on clients). */
const MAX_BUFFERED = 64 * 1024;
const NUMBER = /^[1-9]\d{0,9}$/;
const COUNT = /^\d{1,10}$/;
/**
 * One POP3 connection (RFC 1939, CAPA/RESP-CODES of RFC 2449, STLS of RFC 2595). Commands are
 * handled strictly one after another; input beyond MAX_BUFFERED pauses the socket, a line longer
 * than maxLineBytes ends the session, and so do too many bad commands, so no client can make the
 * process buffer without bound or stall other sessions.
 */
class Pop3Session {
    ctx;
    onClosed;
    socket;
    state = 'authorization';
    buffer = Buffer.alloc(0);
    busy = false;
    badCommands = 0;
    user;
    maildrop;
    locked;
    constructor(socket, ctx, onClosed) {
        this.ctx = ctx;
        this.onClosed = onClosed;
        this.socket = socket;
        this.attach(socket);
        void this.send('+OK mailgate dev mailbox POP3 ready');
    }
    /** Ends the session at once (server shutdown). */
    destroy() {
        this.socket.destroy();
    }
    get secure() {
        return this.socket instanceof node_tls_1.TLSSocket;
    }
    attach(socket) {
        socket.setTimeout(this.ctx.idleTimeoutMs);
        socket.on('data', this.onData);
        socket.on('timeout', this.onTimeout);
        // A reset or a TLS failure ends the session; it must never become an uncaught error.
        socket.on('error', this.onError);
        socket.on('close', this.onClose);
    }
    detach(socket) {
        socket.setTimeout(0);
        socket.off('data', this.onData);
        socket.off('timeout', this.onTimeout);
        socket.off('error', this.onError);
        socket.off('close', this.onClose);
    }
    onData = (chunk) => {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        if (this.buffer.length > MAX_BUFFERED)
            this.socket.pause();
        this.drain();
    };
    onTimeout = () => {
        this.bye('-ERR autologout: idle for too long');
    };
    onError = (err) => {
        this.ctx.log?.debug({ err }, 'mailbox pop3: connection error');
    };
    onClose = () => {
        this.state = 'closed';
        this.buffer = Buffer.alloc(0);
        this.unlock();
        this.onClosed();
    };
    unlock() {
        if (this.locked)
            this.ctx.unlock(this.locked);
        this.locked = undefined;
    }
    /** Handles complete lines one at a time; an async command holds the rest until it is done. */
    drain() {
        while (!this.busy && this.state !== 'closed') {
            const end = this.buffer.indexOf(LF);
            if (end < 0) {
                if (this.buffer.length >= this.ctx.maxLineBytes)
                    this.bye('-ERR line too long');
                else
                    this.socket.resume();
                return;
            }
            if (end + 1 > this.ctx.maxLineBytes)
                return this.bye('-ERR line too long');
            const line = this.buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
            this.buffer = this.buffer.subarray(end + 1);
            this.busy = true;
            void this.handle(line)
                .catch((err) => {
                this.ctx.log?.warn({ err }, 'mailbox pop3: command failed');
                return this.send('-ERR [SYS/TEMP] internal error');
            })
                .finally(() => {
                this.busy = false;
                this.drain();
            });
            return;
        }
    }
    send(line) {
        return this.write(Buffer.from(`${line}\r\n`, 'latin1'));
    }
    /** Writes and waits for the socket to drain, so a client that does not read cannot grow memory. */
    write(bytes) {
        if (this.state === 'closed' || this.socket.destroyed)
            return Promise.resolve();
        if (this.socket.write(bytes))
            return Promise.resolve();
        return new Promise((resolve) => {
            const done = () => {
                this.socket.off('drain', done);
                this.socket.off('close', done);
                resolve();
            };
            this.socket.once('drain', done);
            this.socket.once('close', done);
        });
    }
    bye(line) {
        if (this.state === 'closed')
            return;
        this.state = 'closed';
        // Released now, not on 'close': a client that QUITs and logs in again at once must get in.
        this.unlock();
        this.socket.end(`${line}\r\n`);
        // A peer that never reads or never closes must not keep the socket forever.
        setTimeout(() => this.socket.destroy(), 2_000).unref();
    }
    async bad(reply) {
        this.badCommands++;
        if (this.badCommands >= this.ctx.maxBadCommands)
            return this.bye('-ERR too many bad commands');
        await this.send(reply);
    }
    async handle(line) {
        const space = line.indexOf(' ');
        const keyword = (space < 0 ? line : line.slice(0, space)).toUpperCase();
        const args = space < 0 ? [] : line.slice(space + 1).split(' ');
        if (keyword === 'CAPA')
            return this.capa();
        if (keyword === 'QUIT')
            return this.quit();
        if (keyword === 'NOOP' && this.state === 'transaction')
            return this.send('+OK');
        if (this.state === 'authorization')
            return this.authorization(keyword, args, line);
        if (this.state === 'transaction')
            return this.transaction(keyword, args);
    }
    async capa() {
        const caps = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING'];
        if (this.state === 'authorization')
            caps.push('USER');
        if (this.state === 'authorization' && this.ctx.secureContext && !this.secure)
            caps.push('STLS');
        caps.push('IMPLEMENTATION mailgate');
        await this.write(Buffer.from(`+OK Capability list follows\r\n${caps.join('\r\n')}\r\n.\r\n`));
    }
    async authorization(keyword, args, line) {
        switch (keyword) {
            case 'STLS':
                return this.startTls();
            case 'USER':
                if (args.length !== 1 || args[0] === '')
                    return this.bad('-ERR usage: USER address');
                this.user = (0, mailbox_store_1.normalizeAddress)(args[0]);
                return this.send('+OK send PASS');
            case 'PASS': {
                if (this.user === undefined)
                    return this.bad('-ERR send USER first');
                // The password is the rest of the line: it may contain spaces (RFC 1939 §7 allows it).
                return this.login(this.user, line.slice(5));
            }
            default:
                return this.bad('-ERR command not valid before login');
        }
    }
    async login(user, password) {
        this.user = undefined;
        if (!this.ctx.checkPassword(password)) {
            // Slows down guessing; the session stays usable for a correct retry.
            await new Promise((resolve) => setTimeout(resolve, this.ctx.authFailureDelayMs));
            this.ctx.log?.info({ user }, 'mailbox pop3: wrong password');
            return this.bad('-ERR [AUTH] wrong user name or password');
        }
        if (!this.ctx.lock(user))
            return this.send('-ERR [IN-USE] this mailbox is open in another session');
        this.locked = user;
        this.maildrop = new pop3_maildrop_1.Pop3Maildrop(this.ctx.store, user);
        this.state = 'transaction';
        const live = this.maildrop.live();
        return this.send(`+OK ${live.length} messages (${total(live)} octets)`);
    }
    async startTls() {
        const secureContext = this.ctx.secureContext;
        if (!secureContext)
            return this.bad('-ERR STLS is not available');
        if (this.secure)
            return this.bad('-ERR already using TLS');
        await this.send('+OK begin TLS negotiation');
        const plain = this.socket;
        this.detach(plain);
        // Anything pipelined after STLS was sent in clear text and could be injected by a man in the
        // middle: RFC 2595 §3.1 / CVE-2011-0411. Drop it; the client starts over inside TLS.
        this.buffer = Buffer.alloc(0);
        const secure = new node_tls_1.TLSSocket(plain, { isServer: true, secureContext });
        plain.on('error', () => undefined);
        this.socket = secure;
        this.attach(secure);
        secure.resume();
    }
    async transaction(keyword, args) {
        const drop = this.maildrop;
        switch (keyword) {
            case 'STAT': {
                const live = drop.live();
                return this.send(`+OK ${live.length} ${total(live)}`);
            }
            case 'LIST':
            case 'UIDL': {
                const show = (n, m) => `${n} ${keyword === 'LIST' ? m.size : drop.uid(m.id)}`;
                if (args.length > 0) {
                    const n = this.number(args[0]);
                    const m = n === undefined ? undefined : drop.message(n);
                    if (n === undefined || !m)
                        return this.bad('-ERR no such message');
                    return this.send(`+OK ${show(n, m)}`);
                }
                const lines = drop.live().map((m) => show(m.n, m));
                return this.write(Buffer.from(['+OK', ...lines, '.'].join('\r\n') + '\r\n'));
            }
            case 'RETR':
            case 'TOP': {
                const n = this.number(args[0]);
                const m = n === undefined ? undefined : drop.message(n);
                if (!m)
                    return this.bad('-ERR no such message');
                let lines;
                if (keyword === 'TOP') {
                    if (args.length !== 2 || !COUNT.test(args[1]))
                        return this.bad('-ERR usage: TOP msg n');
                    lines = Number(args[1]);
                }
                let raw;
                try {
                    raw = await drop.read(m.id);
                }
                catch {
                    // Removed since login (REST delete, retention): tell the client instead of failing.
                    return this.send('-ERR message was removed from the mailbox');
                }
                await this.send(`+OK ${m.size} octets`);
                return this.write((0, pop3_encoding_1.encodeMessage)(raw, lines));
            }
            case 'DELE': {
                const n = this.number(args[0]);
                if (n !== undefined && drop.isDeleted(n))
                    return this.bad(`-ERR message ${n} already deleted`);
                if (n === undefined || !drop.markDeleted(n))
                    return this.bad('-ERR no such message');
                return this.send(`+OK message ${n} deleted`);
            }
            case 'RSET':
                drop.reset();
                return this.send(`+OK ${drop.live().length} messages`);
            default:
                return this.bad('-ERR unknown command');
        }
    }
    number(arg) {
        return arg !== undefined && NUMBER.test(arg) ? Number(arg) : undefined;
    }
    async quit() {
        if (this.state !== 'transaction')
            return this.bye('+OK bye');
        this.state = 'update';
        const failed = await this.maildrop.commit();
        this.bye(failed === 0 ? '+OK bye' : `-ERR ${failed} deleted messages were not removed`);
    }
}
exports.Pop3Session = Pop3Session;
function total(messages) {
    return messages.reduce((sum, m) => sum + m.size, 0);
}
//# sourceMappingURL=pop3.session.js.map