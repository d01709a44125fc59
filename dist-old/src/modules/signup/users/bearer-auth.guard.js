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
exports.BearerAuthGuard = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const user_repository_1 = require("../database/user.repository");
const access_token_1 = require("../domain/access-token");
const signup_errors_1 = require("../signup.errors");
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
/**
 * Bearer access tokens: a valid signature and expiry are not enough, the token's `ver` must equal
 * the account's current token_version (bumped on password reset to revoke older tokens), and the
 * account must still exist.
 */
let BearerAuthGuard = class BearerAuthGuard {
    tokens;
    users;
    constructor(tokens, users) {
        this.tokens = tokens;
        this.users = users;
    }
    async canActivate(context) {
        const req = context.switchToHttp().getRequest();
        const match = BEARER.exec(req.headers.authorization ?? '');
        const claims = match ? await this.tokens.verify(match[1]) : undefined;
        const user = claims ? await this.users.findById(claims.sub) : undefined;
        if (!claims || !user || user.tokenVersion !== claims.ver)
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.unauthorized);
        req.user = user;
        return true;
    }
};
exports.BearerAuthGuard = BearerAuthGuard;
exports.BearerAuthGuard = BearerAuthGuard = __decorate([
    (0, common_1.Injectable)(),
    __param(1, (0, common_1.Inject)(user_repository_1.USER_REPOSITORY)),
    __metadata("design:paramtypes", [access_token_1.AccessTokens, Object])
], BearerAuthGuard);
//# sourceMappingURL=bearer-auth.guard.js.map