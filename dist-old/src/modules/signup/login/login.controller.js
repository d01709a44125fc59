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
exports.LoginController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("../../../common/http/zod");
const json_only_guard_1 = require("../http/json-only.guard");
const login_dto_1 = require("./login.dto");
const login_service_1 = require("./login.service");
let LoginController = class LoginController {
    service;
    constructor(service) {
        this.service = service;
    }
    login(body, req) {
        return this.service.login(body, req.ip);
    }
};
exports.LoginController = LoginController;
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(200),
    (0, common_1.UseGuards)(json_only_guard_1.JsonOnlyGuard),
    (0, swagger_1.ApiOperation)({ summary: 'Exchange email and password for a one-hour bearer token' }),
    (0, swagger_1.ApiResponse)({ status: 200, description: '{accessToken, tokenType: "Bearer", expiresIn}' }),
    (0, swagger_1.ApiResponse)({ status: 401, description: 'invalid_credentials (unknown, wrong or unverified: one answer)' }),
    (0, swagger_1.ApiResponse)({ status: 429, description: 'rate_limited after repeated failures (Retry-After)' }),
    __param(0, (0, zod_1.ZodBody)(login_dto_1.loginBody)),
    __param(1, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], LoginController.prototype, "login", null);
exports.LoginController = LoginController = __decorate([
    (0, swagger_1.ApiTags)('signup'),
    (0, common_1.Controller)('users/login'),
    __metadata("design:paramtypes", [login_service_1.LoginService])
], LoginController);
//# sourceMappingURL=login.controller.js.map