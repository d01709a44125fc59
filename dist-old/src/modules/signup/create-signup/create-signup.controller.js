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
exports.CreateSignupController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("../../../common/http/zod");
const json_only_guard_1 = require("../http/json-only.guard");
const request_context_1 = require("../http/request-context");
const create_signup_dto_1 = require("./create-signup.dto");
const create_signup_service_1 = require("./create-signup.service");
let CreateSignupController = class CreateSignupController {
    service;
    constructor(service) {
        this.service = service;
    }
    async create(body, req) {
        await this.service.create(body, (0, request_context_1.contextOf)(req));
        return { message: create_signup_dto_1.ACCEPTED_MESSAGE };
    }
};
exports.CreateSignupController = CreateSignupController;
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(202),
    (0, common_1.UseGuards)(json_only_guard_1.JsonOnlyGuard),
    (0, swagger_1.ApiOperation)({ summary: 'Start a signup: mails a link and a code (or a notice if the account exists)' }),
    (0, swagger_1.ApiResponse)({
        status: 202,
        description: 'Accepted; the same answer whether or not the address has an account',
    }),
    (0, swagger_1.ApiResponse)({ status: 400, description: 'validation_failed or malformed_json' }),
    (0, swagger_1.ApiResponse)({ status: 415, description: 'unsupported_media_type' }),
    (0, swagger_1.ApiResponse)({ status: 429, description: 'rate_limited (Retry-After)' }),
    (0, swagger_1.ApiResponse)({ status: 503, description: 'service_unavailable: nothing was stored' }),
    __param(0, (0, zod_1.ZodBody)(create_signup_dto_1.createSignupBody)),
    __param(1, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], CreateSignupController.prototype, "create", null);
exports.CreateSignupController = CreateSignupController = __decorate([
    (0, swagger_1.ApiTags)('signup'),
    (0, common_1.Controller)('users'),
    __metadata("design:paramtypes", [create_signup_service_1.CreateSignupService])
], CreateSignupController);
//# sourceMappingURL=create-signup.controller.js.map