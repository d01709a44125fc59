"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxSmtpServer = exports.MAX_MESSAGE_BYTES = void 0;
const common_1 = require("@nestjs/common");
const smtp_server_1 = require("smtp-server");
const tokens_1 = require("../../../core/tokens");
const smtp_chaos_1 = require("../chaos/smtp-chaos");
const mailbox_store_1 = require("../mailbox.store");
const message_summary_1 = require("../message/message-summary");
/** Advertised with the SIZE extension; a bigger message is answered 552 and nothing is kept. */
exports.MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Bounds memory: each in-flight message may hold up to the store's in-memory threshold. */
const MAX_CLIENTS = 500;
/** An idle or half-open connection is dropped after this long. */
const SOCKET_TIMEOUT_MS = 60_000;
/** On shutdown, connections still open after this are cut. */
const CLOSE_TIMEOUT_MS = 2_000;
const CHAOS_TEXT = {
    421: 'Service not available, closing transmission channel (chaos rule)',
    451: 'Requested action aborted: local error in processing (chaos rule)',
    454: 'Temporary authentication failure (chaos rule)',
    550: 'Requested action not taken: mailbox unavailable (chaos rule)',
};
function smtpError(responseCode, message) {
    return Object.assign(new Error(message), { responseCode });
}
/**
 * The dev mailbox's SMTP listener: protocol only (smtp-server does the protocol), accepting any
 * sender and recipient, AUTH accepted but never required. Every DATA is streamed into the store
 * with a byte limit and answered 250 only once the store says the message is durable; a storage
 * failure is a 451 so the sender retries instead of believing it was delivered.
 */
let MailboxSmtpServer = class MailboxSmtpServer {
    store;
    config;
    log;
    chaos;
    server;
    bound;
    constructor(store, config, log, chaos) {
        this.store = store;
        this.config = config;
        this.log = log;
        this.chaos = chaos;
    }
    smtpAddress() {
        if (!this.bound)
            throw new Error('the mailbox SMTP listener is not running');
        return this.bound;
    }
    get listening() {
        return this.bound !== undefined;
    }
    async listen() {
        const server = new smtp_server_1.SMTPServer({
            name: 'mailgate',
            banner: 'mailgate dev mailbox',
            size: exports.MAX_MESSAGE_BYTES,
            // No TLS on a loopback dev listener: a self-signed STARTTLS would only make clients fail.
            disabledCommands: ['STARTTLS'],
            authOptional: true,
            allowInsecureAuth: true,
            // Any credentials are fine: this mailbox catches mail, it does not relay it anywhere.
            onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
            // Pooled senders send many messages per connection without AUTH.
            maxAllowedUnauthenticatedCommands: false,
            maxClients: MAX_CLIENTS,
            socketTimeout: SOCKET_TIMEOUT_MS,
            closeTimeout: CLOSE_TIMEOUT_MS,
            disableReverseLookup: true,
            logger: false,
            onData: (stream, session, callback) => {
                const fate = this.chaos.draw();
                if (fate !== undefined) {
                    this.misbehave(fate, stream, session).then(() => callback(null), (err) => callback(err));
                    return;
                }
                this.receive(stream, session).then((id) => callback(null, `Message stored as ${id}`), (err) => callback(err));
            },
        });
        // A broken client must never take the process down: log and carry on.
        server.on('error', (err) => this.log.warn({ err }, 'mailbox smtp: connection error'));
        const { host, smtpPort } = this.config.mailbox;
        await new Promise((resolve, reject) => {
            server.server.once('error', reject);
            server.listen(smtpPort, host, () => {
                server.server.off('error', reject);
                resolve();
            });
        });
        const address = server.server.address();
        this.server = server;
        this.bound = { host, port: typeof address === 'object' && address ? address.port : smtpPort };
        this.log.info({ smtp: this.bound }, 'dev mailbox SMTP listening');
    }
    async close() {
        const server = this.server;
        this.server = undefined;
        this.bound = undefined;
        if (server)
            await new Promise((resolve) => server.close(() => resolve()));
    }
    /**
     * A chaos rule fired (see SmtpChaos): read the message to its end, keep none of it, then answer
     * with the rule's code, or cut the connection without any answer ('drop'), the way a crashing or
     * overloaded server would.
     */
    async misbehave(fate, stream, session) {
        // Drained and dropped: a rejected message is never stored.
        for await (const chunk of stream)
            void chunk;
        this.log.info({ session: session.id, chaos: fate }, 'mailbox smtp: chaos rule applied');
        if (fate === 'drop') {
            for (const connection of this.server?.connections ?? [])
                if (connection.id === session.id)
                    connection._socket.destroy();
            throw smtpError(421, 'Connection dropped by a chaos rule');
        }
        throw smtpError(fate, CHAOS_TEXT[fate]);
    }
    async receive(stream, session) {
        const body = this.store.createBody(exports.MAX_MESSAGE_BYTES);
        const { mailFrom, rcptTo } = session.envelope;
        const sender = mailFrom ? mailFrom.address : '';
        try {
            // Drain all of it even when over the limit: the client is owed an answer after its final dot.
            for await (const chunk of stream)
                await body.write(chunk);
            if (stream.sizeExceeded || body.overflowed)
                throw smtpError(552, `Message exceeds fixed maximum message size of ${exports.MAX_MESSAGE_BYTES} bytes`);
            const received = new Date();
            // A message mailparser cannot make sense of is still stored: it is what the sender sent.
            const summary = await (0, message_summary_1.summarize)(body.open(), sender, received).catch(() => ({
                from: sender,
                toHeader: '',
                subject: '',
                date: received.toISOString(),
                snippet: '',
            }));
            const meta = await this.store.append({
                sender,
                recipients: rcptTo.map((r) => r.address),
                summary: { ...summary, clientAddress: session.remoteAddress, helo: session.hostNameAppearsAs },
                body,
            });
            return meta.id;
        }
        catch (err) {
            await body.discard();
            if (err.responseCode === 552)
                throw err;
            const code = err.code;
            if (code === 'ECONNECTION' || code === 'ERR_STREAM_PREMATURE_CLOSE')
                this.log.debug({ session: session.id }, 'mailbox smtp: client left in the middle of a message');
            else
                this.log.error({ err, session: session.id }, 'mailbox smtp: could not store a message');
            throw smtpError(451, 'Requested action aborted: local error in processing');
        }
    }
};
exports.MailboxSmtpServer = MailboxSmtpServer;
exports.MailboxSmtpServer = MailboxSmtpServer = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(mailbox_store_1.MAILBOX_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(2, (0, common_1.Inject)(tokens_1.LOGGER)),
    __metadata("design:paramtypes", [Object, Object, Object, smtp_chaos_1.SmtpChaos])
], MailboxSmtpServer);
//# sourceMappingURL=mailbox-smtp.server.js.map