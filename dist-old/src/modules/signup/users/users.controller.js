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
exports.UsersController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const app_error_1 = require("../../../common/errors/app-error");
const user_view_1 = require("../domain/user.view");
const signup_errors_1 = require("../signup.errors");
const bearer_auth_guard_1 = require("./bearer-auth.guard");
let UsersController = class UsersController {
    me(req) {
        return (0, user_view_1.toView)(req.user);
    }
    byId(id, req) {
        // Same answer for every foreign id, existing or not: ids cannot be probed.
        if (id !== req.user.id)
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.forbidden);
        return (0, user_view_1.toView)(req.user);
    }
};
exports.UsersController = UsersController;
__decorate([
    (0, common_1.Get)('me'),
    (0, swagger_1.ApiOperation)({ summary: 'The account the bearer token belongs to' }),
    (0, swagger_1.ApiResponse)({ status: 200, description: '{id, name, email, createdAt}' }),
    (0, swagger_1.ApiResponse)({ status: 401, description: 'unauthorized: no, bad, expired or revoked token' }),
    __param(0, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Object)
], UsersController.prototype, "me", null);
__decorate([
    (0, common_1.Get)(':id'),
    (0, swagger_1.ApiOperation)({ summary: 'An account by id: only your own' }),
    (0, swagger_1.ApiResponse)({ status: 200, description: '{id, name, email, createdAt}' }),
    (0, swagger_1.ApiResponse)({ status: 401, description: 'unauthorized' }),
    (0, swagger_1.ApiResponse)({ status: 403, description: 'forbidden: any id that is not yours' }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Object)
], UsersController.prototype, "byId", null);
exports.UsersController = UsersController = __decorate([
    (0, swagger_1.ApiTags)('users'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('users'),
    (0, common_1.UseGuards)(bearer_auth_guard_1.BearerAuthGuard)
], UsersController);
//# sourceMappingURL=users.controller.js.map