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
exports.GetEmailController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const api_key_guard_1 = require("../api-key.guard");
const get_email_service_1 = require("./get-email.service");
let GetEmailController = class GetEmailController {
    service;
    constructor(service) {
        this.service = service;
    }
    get(id) {
        return this.service.get(id);
    }
};
exports.GetEmailController = GetEmailController;
__decorate([
    (0, common_1.Get)(':id'),
    (0, swagger_1.ApiOperation)({ summary: 'An email: its status and every delivery attempt' }),
    (0, swagger_1.ApiResponse)({
        status: 200,
        description: '{id, status, to, subject, attempts, transport, messageId, createdAt, sentAt?}',
    }),
    (0, swagger_1.ApiResponse)({ status: 401, description: 'invalid_api_key' }),
    (0, swagger_1.ApiResponse)({ status: 404, description: 'email_not_found' }),
    __param(0, (0, common_1.Param)('id')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], GetEmailController.prototype, "get", null);
exports.GetEmailController = GetEmailController = __decorate([
    (0, swagger_1.ApiTags)('emails'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('emails'),
    (0, common_1.UseGuards)(api_key_guard_1.ApiKeyGuard),
    __metadata("design:paramtypes", [get_email_service_1.GetEmailService])
], GetEmailController);
//# sourceMappingURL=get-email.controller.js.map