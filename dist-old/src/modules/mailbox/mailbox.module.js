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
exports.MailboxModule = void 0;
const node_path_1 = __importDefault(require("node:path"));
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const health_port_1 = require("../health/health.port");
const chaos_controller_1 = require("./api/chaos.controller");
const mailbox_controller_1 = require("./api/mailbox.controller");
const smtp_chaos_1 = require("./chaos/smtp-chaos");
const imap_server_1 = require("./imap/imap.server");
const mailbox_port_1 = require("./mailbox.port");
const mailbox_service_1 = require("./mailbox.service");
const local_resolver_1 = require("./message/local-resolver");
const mailbox_pop3_listener_1 = require("./pop3/mailbox-pop3.listener");
const mailbox_store_1 = require("./mailbox.store");
const mailbox_smtp_server_1 = require("./smtp/mailbox-smtp.server");
const file_mailbox_store_1 = require("./storage/file-mailbox.store");
const mailbox_events_controller_1 = require("./web/mailbox-events.controller");
const mailbox_web_controller_1 = require("./web/mailbox-web.controller");
/** The domain part of MAIL_FROM (`name <user@domain>` or a bare address). */
function mailFromDomain(from) {
    const address = /<([^>]*)>/.exec(from)?.[1] ?? from;
    const at = address.lastIndexOf('@');
    return at === -1
        ? undefined
        : address
            .slice(at + 1)
            .trim()
            .toLowerCase() || undefined;
}
/**
 * The built-in dev mailbox: SMTP ingest, storage, REST API and web inbox. Imported only when
 * MAILBOX=on; global so the mail module can ask for MAILBOX_ENDPOINT (optionally) without
 * importing a module that may not be there.
 */
let MailboxModule = class MailboxModule {
    smtp;
    pop3;
    imap;
    store;
    health;
    constructor(smtp, pop3, imap, store, health) {
        this.smtp = smtp;
        this.pop3 = pop3;
        this.imap = imap;
        this.store = store;
        this.health = health;
    }
    async onModuleInit() {
        await this.smtp.listen();
        await this.pop3.listen();
        await this.imap.listen();
        this.health.register({
            name: 'mailbox',
            check: async () => this.smtp.listening && this.imap.listening && this.pop3.listening
                ? { ok: true }
                : { ok: false, detail: 'a mailbox listener (SMTP, POP3 or IMAP) is not running' },
        });
    }
    /** Stop taking mail first, so nothing is accepted that the store can no longer commit. */
    async beforeApplicationShutdown() {
        await this.smtp.close();
        await this.pop3.close();
        await this.imap.close();
    }
    async onApplicationShutdown() {
        await this.store.close();
    }
};
exports.MailboxModule = MailboxModule;
exports.MailboxModule = MailboxModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({
        controllers: [mailbox_controller_1.MailboxController, mailbox_events_controller_1.MailboxEventsController, chaos_controller_1.ChaosController, mailbox_web_controller_1.MailboxWebController],
        providers: [
            {
                provide: mailbox_store_1.MAILBOX_STORE,
                inject: [tokens_1.CONFIG, tokens_1.LOGGER],
                useFactory: (config, log) => file_mailbox_store_1.FileMailboxStore.open({
                    dir: node_path_1.default.join(config.dataDir, 'mailbox'),
                    maxMessages: config.mailbox.maxMessages,
                    log,
                }),
            },
            mailbox_smtp_server_1.MailboxSmtpServer,
            smtp_chaos_1.SmtpChaos,
            mailbox_pop3_listener_1.MailboxPop3Listener,
            imap_server_1.MailboxImapServer,
            {
                provide: mailbox_port_1.MAILBOX_ENDPOINT,
                inject: [mailbox_smtp_server_1.MailboxSmtpServer, mailbox_pop3_listener_1.MailboxPop3Listener, imap_server_1.MailboxImapServer],
                useFactory: (smtp, pop3, imap) => ({
                    smtpAddress: () => smtp.smtpAddress(),
                    pop3Address: () => pop3.address(),
                    imapAddress: () => imap.imapAddress(),
                }),
            },
            {
                provide: mailbox_service_1.MAILBOX_RESOLVER,
                inject: [tokens_1.CONFIG],
                useFactory: (config) => (0, local_resolver_1.createLocalResolver)({ dkim: config.mail.dkim, senderDomain: mailFromDomain(config.mail.from) }),
            },
            mailbox_service_1.MailboxService,
        ],
        exports: [mailbox_port_1.MAILBOX_ENDPOINT],
    }),
    __param(3, (0, common_1.Inject)(mailbox_store_1.MAILBOX_STORE)),
    __metadata("design:paramtypes", [mailbox_smtp_server_1.MailboxSmtpServer,
        mailbox_pop3_listener_1.MailboxPop3Listener,
        imap_server_1.MailboxImapServer, Object, health_port_1.HealthRegistry])
], MailboxModule);
//# sourceMappingURL=mailbox.module.js.map