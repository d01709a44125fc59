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
exports.LoginService = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const rate_limit_port_1 = require("../../rate-limit/rate-limit.port");
const user_repository_1 = require("../database/user.repository");
const access_token_1 = require("../domain/access-token");
const email_address_1 = require("../../../common/email/email-address");
const password_hasher_1 = require("../domain/password.hasher");
const signup_limits_1 = require("../domain/signup.limits");
const signup_errors_1 = require("../signup.errors");
/**
 * POST /users/login. Unknown address, wrong password and a signup not yet verified (which has no
 * users row) are one answer, and all three run argon2 once (against a dummy hash when there is no
 * account), so neither body nor timing tells them apart.
 */
let LoginService = class LoginService {
    limiter;
    users;
    hasher;
    tokens;
    constructor(limiter, users, hasher, tokens) {
        this.limiter = limiter;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
    }
    async login(body, ip) {
        const key = (0, email_address_1.emailProblem)(body.email) === undefined ? (0, email_address_1.parseEmail)(body.email).key : body.email.trim().toLowerCase();
        await (0, signup_limits_1.enforce)(this.limiter, `login-ip:${ip}`, signup_limits_1.LIMITS.loginPerIp);
        await (0, signup_limits_1.enforce)(this.limiter, `login-address:${key}`, signup_limits_1.LIMITS.loginPerAddress);
        const user = await this.users.findByEmailKey(key);
        const ok = await this.hasher.verify(user?.passwordHash, body.password);
        if (!user || !ok)
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.invalidCredentials);
        await this.limiter.reset(`login-address:${key}`);
        const accessToken = await this.tokens.issue({ sub: user.id, ver: user.tokenVersion });
        return { accessToken, tokenType: 'Bearer', expiresIn: access_token_1.ACCESS_TOKEN_SECONDS };
    }
};
exports.LoginService = LoginService;
exports.LoginService = LoginService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(rate_limit_port_1.RATE_LIMITER)),
    __param(1, (0, common_1.Inject)(user_repository_1.USER_REPOSITORY)),
    __metadata("design:paramtypes", [Object, Object, password_hasher_1.PasswordHasher,
        access_token_1.AccessTokens])
], LoginService);
//# sourceMappingURL=login.service.js.map