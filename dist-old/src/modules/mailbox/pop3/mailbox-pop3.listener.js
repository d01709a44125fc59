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
exports.MailboxPop3Listener = void 0;
const node_path_1 = __importDefault(require("node:path"));
const node_tls_1 = require("node:tls");
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const mailbox_store_1 = require("../mailbox.store");
const dev_certificate_1 = require("../tls/dev-certificate");
const pop3_server_1 = require("./pop3.server");
/** Starts and stops the POP3 server with the app, on MAILBOX_HOST:MAILBOX_POP3_PORT. */
let MailboxPop3Listener = class MailboxPop3Listener {
    store;
    config;
    log;
    server;
    bound;
    constructor(store, config, log) {
        this.store = store;
        this.config = config;
        this.log = log;
    }
    address() {
        if (!this.bound)
            throw new Error('the mailbox POP3 listener is not running');
        return this.bound;
    }
    get listening() {
        return this.bound !== undefined;
    }
    async listen() {
        const { host, pop3Port, password } = this.config.mailbox;
        const server = new pop3_server_1.Pop3Server({
            store: this.store,
            password,
            secureContext: await this.secureContext(),
            log: this.log,
        });
        this.bound = await server.listen(pop3Port, host);
        this.server = server;
        this.log.info({ pop3: this.bound }, 'dev mailbox POP3 listening');
    }
    /** Without openssl there is no certificate: POP3 still works, only STLS is not offered. */
    async secureContext() {
        const dir = node_path_1.default.join(this.config.dataDir, 'mailbox', 'tls');
        try {
            const { key, cert } = await (0, dev_certificate_1.loadDevCertificate)(dir, [this.config.mailbox.host]);
            return (0, node_tls_1.createSecureContext)({ key, cert, minVersion: 'TLSv1.2' });
        }
        catch (err) {
            this.log.warn({ err, dir }, 'dev mailbox: no TLS certificate (is openssl installed?); POP3 STLS is off');
            return undefined;
        }
    }
    async close() {
        const server = this.server;
        this.server = undefined;
        this.bound = undefined;
        await server?.close();
    }
};
exports.MailboxPop3Listener = MailboxPop3Listener;
exports.MailboxPop3Listener = MailboxPop3Listener = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(mailbox_store_1.MAILBOX_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(2, (0, common_1.Inject)(tokens_1.LOGGER)),
    __metadata("design:paramtypes", [Object, Object, Object])
], MailboxPop3Listener);
//# sourceMappingURL=mailbox-pop3.listener.js.map