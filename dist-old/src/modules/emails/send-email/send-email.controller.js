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
exports.SendEmailController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const app_error_1 = require("../../../common/errors/app-error");
const common_errors_1 = require("../../../common/errors/common.errors");
const zod_1 = require("../../../common/http/zod");
const api_key_guard_1 = require("../api-key.guard");
const json_body_guard_1 = require("../json-body.guard");
const send_email_dto_1 = require("./send-email.dto");
const send_email_service_1 = require("./send-email.service");
let SendEmailController = class SendEmailController {
    service;
    constructor(service) {
        this.service = service;
    }
    async send(body, rawKey, req, reply) {
        const key = send_email_dto_1.idempotencyKeyHeader.safeParse(rawKey);
        if (!key.success)
            throw new app_error_1.AppError(common_errors_1.CommonErrors.validationFailed, { 'Idempotency-Key': key.error.issues[0].message });
        const outcome = await this.service.send({ body, scope: req.apiKeyScope, idempotencyKey: key.data });
        if (outcome.replayed)
            void reply.header('Idempotent-Replayed', 'true');
        return { id: outcome.id, status: outcome.status };
    }
};
exports.SendEmailController = SendEmailController;
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(202),
    (0, common_1.UseGuards)(api_key_guard_1.ApiKeyGuard, json_body_guard_1.JsonBodyGuard),
    (0, swagger_1.ApiOperation)({ summary: 'Queue an email (raw content or a template); the worker sends it' }),
    (0, swagger_1.ApiHeader)({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; 24 h' }),
    (0, swagger_1.ApiResponse)({ status: 202, description: '{id, status}: durable in the outbox' }),
    (0, swagger_1.ApiResponse)({ status: 400, description: 'validation_failed or malformed_json' }),
    (0, swagger_1.ApiResponse)({ status: 401, description: 'invalid_api_key' }),
    (0, swagger_1.ApiResponse)({ status: 413, description: 'payload_too_large (64 KiB)' }),
    (0, swagger_1.ApiResponse)({ status: 415, description: 'unsupported_media_type' }),
    (0, swagger_1.ApiResponse)({ status: 422, description: 'idempotency_key_reused' }),
    __param(0, (0, zod_1.ZodBody)(send_email_dto_1.sendEmailBody)),
    __param(1, (0, common_1.Headers)('idempotency-key')),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], SendEmailController.prototype, "send", null);
exports.SendEmailController = SendEmailController = __decorate([
    (0, swagger_1.ApiTags)('emails'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('emails'),
    __metadata("design:paramtypes", [send_email_service_1.SendEmailService])
], SendEmailController);
//# sourceMappingURL=send-email.controller.js.map