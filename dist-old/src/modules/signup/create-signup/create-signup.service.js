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
exports.CreateSignupService = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const tokens_1 = require("../../../core/tokens");
const rate_limit_port_1 = require("../../rate-limit/rate-limit.port");
const pending_signup_store_1 = require("../database/pending-signup.store");
const user_repository_1 = require("../database/user.repository");
const challenge_1 = require("../domain/challenge");
const email_address_1 = require("../../../common/email/email-address");
const password_hasher_1 = require("../domain/password.hasher");
const signup_limits_1 = require("../domain/signup.limits");
const signup_mailer_1 = require("../notifications/signup.mailer");
const signup_errors_1 = require("../signup.errors");
/**
 * POST /users. Nothing becomes a user here: the attempt is stored as its own pending record (with
 * the password already hashed) and its challenge mail is queued in the same transaction. An address
 * that already has an account gets a notice instead, after the same hashing work, so the answer
 * and its timing do not reveal which case applied.
 */
let CreateSignupService = class CreateSignupService {
    config;
    db;
    log;
    limiter;
    pending;
    users;
    hasher;
    mailer;
    constructor(config, db, log, limiter, pending, users, hasher, mailer) {
        this.config = config;
        this.db = db;
        this.log = log;
        this.limiter = limiter;
        this.pending = pending;
        this.users = users;
        this.hasher = hasher;
        this.mailer = mailer;
    }
    async create(body, ctx) {
        const address = (0, email_address_1.parseEmail)(body.email);
        await (0, signup_limits_1.enforce)(this.limiter, `signup-ip:${ctx.ip}`, signup_limits_1.LIMITS.signupPerIp);
        await (0, signup_limits_1.enforce)(this.limiter, `signup-address:${address.key}`, signup_limits_1.LIMITS.signupPerAddress);
        // Always hash, whatever the address turns out to be: same cost for every answer.
        const passwordHash = await this.hasher.hash(body.password);
        const name = body.name.trim();
        try {
            const existing = await this.users.findByEmailKey(address.key);
            if (existing) {
                // Throttled silently: the owner hears about attempts, but cannot be mail-bombed through us.
                const notice = await this.limiter.hit(`signup-exists:${address.key}`, signup_limits_1.LIMITS.existsNoticePerAddress.limit, signup_limits_1.LIMITS.existsNoticePerAddress.windowSeconds);
                if (notice.allowed)
                    await this.db.transaction((tx) => this.mailer.exists(tx, { email: existing.email, name: existing.name, locale: existing.locale }));
            }
            else {
                const now = new Date();
                const challenge = (0, challenge_1.issueChallenge)(this.config.keys, this.config.signup, now);
                await this.db.transaction(async (tx) => {
                    await this.pending.create(tx, {
                        id: (0, node_crypto_1.randomUUID)(),
                        emailKey: address.key,
                        email: address.email,
                        emailDisplay: address.display,
                        name,
                        passwordHash,
                        locale: ctx.locale,
                        tokenHash: challenge.tokenHash,
                        codeHash: challenge.codeHash,
                        expiresAt: challenge.expiresAt,
                        codeExpiresAt: challenge.codeExpiresAt,
                    });
                    await this.mailer.verify(tx, { email: address.email, name, locale: ctx.locale }, challenge);
                });
            }
        }
        catch (err) {
            if (err instanceof app_error_1.AppError)
                throw err;
            this.log.error({ err }, 'signup could not be stored');
            throw new app_error_1.AppError(signup_errors_1.SignupErrors.unavailable, undefined, 5);
        }
        this.mailer.wake();
    }
};
exports.CreateSignupService = CreateSignupService;
exports.CreateSignupService = CreateSignupService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.DB)),
    __param(2, (0, common_1.Inject)(tokens_1.LOGGER)),
    __param(3, (0, common_1.Inject)(rate_limit_port_1.RATE_LIMITER)),
    __param(4, (0, common_1.Inject)(pending_signup_store_1.PENDING_SIGNUP_STORE)),
    __param(5, (0, common_1.Inject)(user_repository_1.USER_REPOSITORY)),
    __metadata("design:paramtypes", [Object, Object, Object, Object, Object, Object, password_hasher_1.PasswordHasher,
        signup_mailer_1.SignupMailer])
], CreateSignupService);
//# sourceMappingURL=create-signup.service.js.map