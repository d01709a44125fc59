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
exports.ResendVerificationService = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const rate_limit_port_1 = require("../../rate-limit/rate-limit.port");
const pending_signup_store_1 = require("../database/pending-signup.store");
const challenge_1 = require("../domain/challenge");
const email_address_1 = require("../../../common/email/email-address");
const signup_limits_1 = require("../domain/signup.limits");
const signup_mailer_1 = require("../notifications/signup.mailer");
/**
 * POST /users/resend-verification. The newest live challenge of the address gets a fresh token and
 * code (the old link and code stop working, its code failures reset) and a new mail. Addresses
 * with an account or with nothing pending are sent nothing; the answer is the same 202 for all, and
 * the limits are keyed by the address whatever it is.
 */
let ResendVerificationService = class ResendVerificationService {
    config;
    db;
    limiter;
    pending;
    mailer;
    constructor(config, db, limiter, pending, mailer) {
        this.config = config;
        this.db = db;
        this.limiter = limiter;
        this.pending = pending;
        this.mailer = mailer;
    }
    async resend(email, ctx) {
        const address = (0, email_address_1.parseEmail)(email);
        await (0, signup_limits_1.enforce)(this.limiter, `resend-minute:${address.key}`, signup_limits_1.LIMITS.resendPerMinute);
        await (0, signup_limits_1.enforce)(this.limiter, `resend-day:${address.key}`, signup_limits_1.LIMITS.resendPerDay);
        const now = new Date();
        const challenge = (0, challenge_1.issueChallenge)(this.config.keys, this.config.signup, now);
        const sent = await this.db.transaction(async (tx) => {
            const signup = await this.pending.rotateNewest(tx, address.key, challenge, now);
            if (!signup)
                return false;
            await this.mailer.verify(tx, { email: signup.email, name: signup.name, locale: ctx.locale }, challenge);
            return true;
        });
        if (sent)
            this.mailer.wake();
    }
};
exports.ResendVerificationService = ResendVerificationService;
exports.ResendVerificationService = ResendVerificationService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.DB)),
    __param(2, (0, common_1.Inject)(rate_limit_port_1.RATE_LIMITER)),
    __param(3, (0, common_1.Inject)(pending_signup_store_1.PENDING_SIGNUP_STORE)),
    __metadata("design:paramtypes", [Object, Object, Object, Object, signup_mailer_1.SignupMailer])
], ResendVerificationService);
//# sourceMappingURL=resend-verification.service.js.map