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
exports.MailModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const health_port_1 = require("../health/health.port");
const mailbox_port_1 = require("../mailbox/mailbox.port");
const mail_port_1 = require("./mail.port");
const mail_outbox_service_1 = require("./outbox/mail-outbox.service");
const outbox_store_1 = require("./outbox/outbox.store");
const sql_suppression_list_1 = require("./suppression/sql.suppression-list");
const mail_transport_port_1 = require("./transports/mail-transport.port");
const transport_registry_1 = require("./transports/transport.registry");
const mail_worker_1 = require("./worker/mail.worker");
/**
 * Outbox, worker, templates, transports and the suppression list. Other features see MAIL_OUTBOX
 * (signup), MAIL_COURIER and SUPPRESSION_LIST (the Email API) only.
 */
let MailModule = class MailModule {
    health;
    worker;
    transport;
    constructor(health, worker, transport) {
        this.health = health;
        this.worker = worker;
        this.transport = transport;
    }
    onModuleInit() {
        // Configuration and worker state only: /health must not open an SMTP session per probe.
        this.health.register({
            name: 'mail',
            check: async () => {
                if (!this.worker.isRunning)
                    return { ok: false, detail: 'the mail worker is not running' };
                const transport = this.transport.health();
                return transport.ok ? { ok: true } : transport;
            },
        });
    }
};
exports.MailModule = MailModule;
exports.MailModule = MailModule = __decorate([
    (0, common_1.Module)({
        providers: [
            outbox_store_1.OutboxStore,
            mail_worker_1.MailWorker,
            mail_outbox_service_1.MailOutboxService,
            { provide: mail_port_1.MAIL_OUTBOX, useExisting: mail_outbox_service_1.MailOutboxService },
            { provide: mail_port_1.MAIL_COURIER, useExisting: mail_outbox_service_1.MailOutboxService },
            { provide: mail_port_1.SUPPRESSION_LIST, useClass: sql_suppression_list_1.SqlSuppressionList },
            {
                provide: mail_transport_port_1.MAIL_TRANSPORT,
                // The dev mailbox is optional: with MAILBOX=off its module (and endpoint) does not exist.
                inject: [tokens_1.CONFIG, { token: mailbox_port_1.MAILBOX_ENDPOINT, optional: true }],
                useFactory: (config, mailbox) => (0, transport_registry_1.createTransport)({ config, mailbox }),
            },
        ],
        exports: [mail_port_1.MAIL_OUTBOX, mail_port_1.MAIL_COURIER, mail_port_1.SUPPRESSION_LIST],
    }),
    __param(2, (0, common_1.Inject)(mail_transport_port_1.MAIL_TRANSPORT)),
    __metadata("design:paramtypes", [health_port_1.HealthRegistry,
        mail_worker_1.MailWorker, Object])
], MailModule);
//# sourceMappingURL=mail.module.js.map