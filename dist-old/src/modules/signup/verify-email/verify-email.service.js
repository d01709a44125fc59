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
exports.VerifyEmailService = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const tokens_1 = require("../../../core/tokens");
const rate_limit_port_1 = require("../../rate-limit/rate-limit.port");
const pending_signup_store_1 = require("../database/pending-signup.store");
const user_repository_1 = require("../database/user.repository");
const challenge_secrets_1 = require("../domain/challenge.secrets");
const email_address_1 = require("../../../common/email/email-address");
const signup_limits_1 = require("../domain/signup.limits");
const user_view_1 = require("../domain/user.view");
const signup_errors_1 = require("../signup.errors");
/**
 * POST /users/email-verify. The challenge is settled and the account created in one transaction:
 * the first verified challenge of an address wins and revokes the others; a challenge that lost the
 * race to another one becomes revoked (409). Never a second user for one address: `users.email_key`
 * is unique, and the insert does nothing when it is taken.
 */
let VerifyEmailService = class VerifyEmailService {
    config;
    db;
    log;
    limiter;
    pending;
    users;
    constructor(config, db, log, limiter, pending, users) {
        this.config = config;
        this.db = db;
        this.log = log;
        this.limiter = limiter;
        this.pending = pending;
        this.users = users;
    }
    async byToken(token, ip) {
        await (0, signup_limits_1.enforce)(this.limiter, `verify-ip:${ip}`, signup_limits_1.LIMITS.verifyPerIp);
        if (!challenge_secrets_1.TOKEN_SHAPE.test(token))
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.invalidToken);
        const tokenHash = (0, challenge_secrets_1.hmac)(this.config.keys.tokenHmac, token);
        const now = new Date();
        return this.settle(async (tx) => {
            const outcome = await this.pending.consumeToken(tx, tokenHash, now);
            switch (outcome.kind) {
                case 'invalid':
                    return { error: signup_errors_1.SignupErrors.invalidToken };
                case 'settled':
                    return { error: signup_errors_1.SignupErrors.alreadyVerified };
                case 'consumed':
                    return this.promote(tx, outcome.signup, now);
            }
        });
    }
    async byCode(email, code, ip) {
        await (0, signup_limits_1.enforce)(this.limiter, `verify-ip:${ip}`, signup_limits_1.LIMITS.verifyPerIp);
        if ((0, email_address_1.emailProblem)(email) !== undefined || !challenge_secrets_1.CODE_SHAPE.test(code))
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.invalidCode);
        const { key } = (0, email_address_1.parseEmail)(email);
        const codeHash = (0, challenge_secrets_1.hmac)(this.config.keys.codeHmac, code);
        const now = new Date();
        return this.settle(async (tx) => {
            const live = await this.pending.liveCodes(tx, key, now);
            // Compare against every candidate without stopping early: timing says nothing about which.
            let match;
            for (const c of live)
                if ((0, challenge_secrets_1.sameHash)(c.codeHash, codeHash))
                    match ??= c.id;
            if (match !== undefined) {
                const signup = await this.pending.consumeById(tx, match, now);
                if (signup)
                    return this.promote(tx, signup, now);
            }
            const settled = await this.pending.settledCodes(tx, key);
            if (settled.some((c) => (0, challenge_secrets_1.sameHash)(c.codeHash, codeHash)))
                return { error: signup_errors_1.SignupErrors.alreadyVerified };
            await this.pending.addCodeFailure(tx, live.map((c) => c.id));
            return { error: signup_errors_1.SignupErrors.invalidCode };
        });
    }
    async settle(work) {
        const verdict = await this.db.transaction(work);
        if ('error' in verdict)
            throw new app_error_1.AppError(verdict.error);
        return verdict.user;
    }
    /** Copies the consumed challenge into `users` and revokes the address's other challenges. */
    async promote(tx, signup, now) {
        const user = await this.users.insertIfAbsent(tx, {
            id: (0, node_crypto_1.randomUUID)(),
            email: signup.email,
            emailKey: signup.emailKey,
            emailDisplay: signup.emailDisplay,
            name: signup.name,
            passwordHash: signup.passwordHash,
            locale: signup.locale,
        });
        if (!user) {
            await this.pending.revoke(tx, signup.id, now);
            return { error: signup_errors_1.SignupErrors.alreadyVerified };
        }
        const revoked = await this.pending.revokeOthers(tx, signup.emailKey, signup.id, now);
        this.log.info({ userId: user.id, revoked }, 'signup verified');
        return { user: (0, user_view_1.toView)(user) };
    }
};
exports.VerifyEmailService = VerifyEmailService;
exports.VerifyEmailService = VerifyEmailService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.DB)),
    __param(2, (0, common_1.Inject)(tokens_1.LOGGER)),
    __param(3, (0, common_1.Inject)(rate_limit_port_1.RATE_LIMITER)),
    __param(4, (0, common_1.Inject)(pending_signup_store_1.PENDING_SIGNUP_STORE)),
    __param(5, (0, common_1.Inject)(user_repository_1.USER_REPOSITORY)),
    __metadata("design:paramtypes", [Object, Object, Object, Object, Object, Object])
], VerifyEmailService);
//# sourceMappingURL=verify-email.service.js.map