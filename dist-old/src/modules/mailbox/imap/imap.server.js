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
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxImapServer = exports.MAX_LITERAL_BYTES = exports.MAX_LINE_BYTES = void 0;
const node_net_1 = __importDefault(require("node:net"));
const node_path_1 = __importDefault(require("node:path"));
const node_tls_1 = require("node:tls");
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const mailbox_store_1 = require("../mailbox.store");
const dev_certificate_1 = require("../tls/dev-certificate");
const commands_1 = require("./commands");
const imap_connection_1 = require("./imap.connection");
const mime_cache_1 = require("./mime-cache");
/** Longest command line (RFC 7162 §4 recommends accepting at least 8000 octets). */
exports.MAX_LINE_BYTES = 64 * 1024;
/** Most literal bytes per command: we take no APPEND, so literals are only credentials and search strings. */
exports.MAX_LITERAL_BYTES = 64 * 1024;
/** Bounds memory and file descriptors. */
const MAX_CLIENTS = 500;
/**
 * The dev mailbox's IMAP4rev1 listener (RFC 3501): protocol only, over the MailboxStore port.
 * Each recipient address is a user with one mailbox, INBOX; UIDs are the store's message ids.
 */
let MailboxImapServer = class MailboxImapServer {
    store;
    config;
    log;
    server;
    bound;
    connections = new Set();
    mime = new mime_cache_1.MimeCache();
    constructor(store, config, log) {
        this.store = store;
        this.config = config;
        this.log = log;
    }
    imapAddress() {
        if (!this.bound)
            throw new Error('the mailbox IMAP listener is not running');
        return this.bound;
    }
    get listening() {
        return this.bound !== undefined;
    }
    async listen() {
        const tls = await this.tlsContext();
        const server = node_net_1.default.createServer((socket) => {
            if (this.connections.size >= MAX_CLIENTS) {
                socket.on('error', () => undefined);
                socket.end('* BYE too many connections\r\n');
                return;
            }
            const connection = new imap_connection_1.ImapConnection(socket, {
                store: this.store,
                mime: this.mime,
                password: this.config.mailbox.password,
                commands: commands_1.IMAP_COMMANDS,
                log: this.log,
                idleTimeoutMs: this.config.mailbox.imapTimeoutMs,
                tls,
                maxLine: exports.MAX_LINE_BYTES,
                maxLiteral: exports.MAX_LITERAL_BYTES,
            });
            this.connections.add(connection);
            socket.once('close', () => this.connections.delete(connection));
            connection.start();
        });
        server.on('error', (err) => this.log.warn({ err }, 'mailbox imap: server error'));
        const { host, imapPort } = this.config.mailbox;
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(imapPort, host, () => {
                server.off('error', reject);
                resolve();
            });
        });
        const address = server.address();
        this.server = server;
        this.bound = { host, port: typeof address === 'object' && address ? address.port : imapPort };
        this.log.info({ imap: this.bound, starttls: !!tls }, 'dev mailbox IMAP listening');
    }
    async close() {
        const server = this.server;
        this.server = undefined;
        this.bound = undefined;
        for (const c of this.connections)
            c.shutdown();
        if (server)
            await new Promise((resolve) => server.close(() => resolve()));
    }
    /** STARTTLS is offered only when a certificate could be loaded or made. */
    async tlsContext() {
        try {
            const { key, cert } = await (0, dev_certificate_1.loadDevCertificate)(node_path_1.default.join(this.config.dataDir, 'mailbox', 'tls'), [
                this.config.mailbox.host,
            ]);
            return (0, node_tls_1.createSecureContext)({ key, cert });
        }
        catch (err) {
            this.log.warn({ err }, 'mailbox imap: no TLS certificate, STARTTLS not offered');
            return undefined;
        }
    }
};
exports.MailboxImapServer = MailboxImapServer;
exports.MailboxImapServer = MailboxImapServer = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(mailbox_store_1.MAILBOX_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(2, (0, common_1.Inject)(tokens_1.LOGGER)),
    __metadata("design:paramtypes", [Object, Object, Object])
], MailboxImapServer);
//# sourceMappingURL=imap.server.js.map