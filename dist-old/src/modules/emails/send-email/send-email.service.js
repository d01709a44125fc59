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
exports.SendEmailService = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const common_errors_1 = require("../../../common/errors/common.errors");
const tokens_1 = require("../../../core/tokens");
const mail_port_1 = require("../../mail/mail.port");
const emails_errors_1 = require("../emails.errors");
const idempotency_store_1 = require("../idempotency/idempotency.store");
const request_hash_1 = require("../idempotency/request-hash");
/**
 * POST /emails. The message is written to the outbox — with its idempotency record, in one
 * transaction — and committed before the 202; the worker sends it. The request never waits on SMTP.
 */
let SendEmailService = class SendEmailService {
    db;
    log;
    courier;
    idempotency;
    constructor(db, log, courier, idempotency) {
        this.db = db;
        this.log = log;
        this.courier = courier;
        this.idempotency = idempotency;
    }
    async send(req) {
        let outcome;
        try {
            outcome = await this.db.transaction((tx) => this.write(tx, req));
        }
        catch (err) {
            if (err instanceof app_error_1.AppError)
                throw err;
            if (err instanceof mail_port_1.MailRejectedError)
                throw new app_error_1.AppError(common_errors_1.CommonErrors.validationFailed, { [err.field]: err.message });
            this.log.error({ err }, 'email could not be queued');
            throw new app_error_1.AppError(emails_errors_1.EmailErrors.unavailable);
        }
        if (!outcome.replayed)
            this.courier.wake();
        this.log.info({
            mailId: outcome.id,
            idempotency: req.idempotencyKey === undefined ? 'none' : outcome.replayed ? 'hit' : 'miss',
            template: req.body.template,
        }, outcome.replayed ? 'email request replayed' : 'email queued');
        return outcome;
    }
    async write(tx, req) {
        const { body, scope, idempotencyKey } = req;
        if (idempotencyKey !== undefined) {
            const hash = (0, request_hash_1.requestHash)(scope, body);
            const claim = await this.idempotency.claim(tx, scope, idempotencyKey, hash);
            if (claim.kind === 'existing') {
                if (claim.requestHash !== hash)
                    throw new app_error_1.AppError(emails_errors_1.EmailErrors.idempotencyKeyReused);
                const current = await this.courier.find(claim.messageId, tx);
                if (!current)
                    throw new Error('idempotency record points at a missing message');
                return { id: current.id, status: current.status, replayed: true };
            }
            const queued = await this.enqueue(tx, body);
            await this.idempotency.bind(tx, scope, idempotencyKey, queued.id);
            return { id: queued.id, status: 'queued', replayed: false };
        }
        const queued = await this.enqueue(tx, body);
        return { id: queued.id, status: 'queued', replayed: false };
    }
    enqueue(tx, body) {
        const attachments = body.attachments;
        if (body.template !== undefined)
            return this.courier.enqueue(tx, {
                to: body.to,
                template: body.template,
                locale: body.locale ?? 'en',
                data: body.data ?? {},
                attachments,
            });
        // The DTO guarantees a subject and some content without a template.
        return this.courier.enqueueRaw(tx, {
            to: body.to,
            subject: body.subject ?? '',
            text: body.text,
            html: body.html,
            attachments,
        });
    }
};
exports.SendEmailService = SendEmailService;
exports.SendEmailService = SendEmailService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.DB)),
    __param(1, (0, common_1.Inject)(tokens_1.LOGGER)),
    __param(2, (0, common_1.Inject)(mail_port_1.MAIL_COURIER)),
    __param(3, (0, common_1.Inject)(idempotency_store_1.IDEMPOTENCY_STORE)),
    __metadata("design:paramtypes", [Object, Object, Object, Object])
], SendEmailService);
//# sourceMappingURL=send-email.service.js.map