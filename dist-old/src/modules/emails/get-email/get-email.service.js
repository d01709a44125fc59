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
exports.GetEmailService = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const mail_port_1 = require("../../mail/mail.port");
const emails_errors_1 = require("../emails.errors");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** GET /emails/:id: the outbox's record of one message — never its body, data or secrets. */
let GetEmailService = class GetEmailService {
    courier;
    constructor(courier) {
        this.courier = courier;
    }
    async get(id) {
        // Not a UUID cannot be an id: answer 404 without asking the database (which would refuse the cast).
        const found = UUID.test(id) ? await this.courier.find(id.toLowerCase()) : undefined;
        if (!found)
            throw new app_error_1.AppError(emails_errors_1.EmailErrors.emailNotFound);
        return {
            id: found.id,
            status: found.status,
            to: found.to,
            subject: found.subject,
            attempts: found.attempts.map((a) => ({
                at: a.at.toISOString(),
                outcome: a.outcome,
                ...(a.error === undefined ? {} : { error: a.error }),
            })),
            transport: found.transport,
            messageId: found.messageId,
            createdAt: found.createdAt.toISOString(),
            ...(found.sentAt ? { sentAt: found.sentAt.toISOString() } : {}),
        };
    }
};
exports.GetEmailService = GetEmailService;
exports.GetEmailService = GetEmailService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(mail_port_1.MAIL_COURIER)),
    __metadata("design:paramtypes", [Object])
], GetEmailService);
//# sourceMappingURL=get-email.service.js.map