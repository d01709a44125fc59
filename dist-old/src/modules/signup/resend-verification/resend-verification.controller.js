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
exports.ResendVerificationController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("../../../common/http/zod");
const create_signup_dto_1 = require("../create-signup/create-signup.dto");
const json_only_guard_1 = require("../http/json-only.guard");
const request_context_1 = require("../http/request-context");
const resend_verification_dto_1 = require("./resend-verification.dto");
const resend_verification_service_1 = require("./resend-verification.service");
let ResendVerificationController = class ResendVerificationController {
    service;
    constructor(service) {
        this.service = service;
    }
    async resend(body, req) {
        await this.service.resend(body.email, (0, request_context_1.contextOf)(req));
        return { message: create_signup_dto_1.ACCEPTED_MESSAGE };
    }
};
exports.ResendVerificationController = ResendVerificationController;
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(202),
    (0, common_1.UseGuards)(json_only_guard_1.JsonOnlyGuard),
    (0, swagger_1.ApiOperation)({ summary: 'Send a fresh link and code for a pending signup' }),
    (0, swagger_1.ApiResponse)({ status: 202, description: 'The same answer for any address' }),
    (0, swagger_1.ApiResponse)({ status: 400, description: 'validation_failed' }),
    (0, swagger_1.ApiResponse)({
        status: 429,
        description: 'rate_limited: one a minute, ten a day per address (Retry-After)',
    }),
    __param(0, (0, zod_1.ZodBody)(resend_verification_dto_1.resendBody)),
    __param(1, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], ResendVerificationController.prototype, "resend", null);
exports.ResendVerificationController = ResendVerificationController = __decorate([
    (0, swagger_1.ApiTags)('signup'),
    (0, common_1.Controller)('users/resend-verification'),
    __metadata("design:paramtypes", [resend_verification_service_1.ResendVerificationService])
], ResendVerificationController);
//# sourceMappingURL=resend-verification.controller.js.map