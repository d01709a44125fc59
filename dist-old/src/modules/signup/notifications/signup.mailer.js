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
exports.SignupMailer = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const mail_port_1 = require("../../mail/mail.port");
const asLocale = (l) => (mail_port_1.LOCALES.includes(l) ? l : 'en');
/**
 * The signup mails, written to the transactional outbox inside the caller's transaction. Links are
 * built from PUBLIC_URL only, never from the request's Host header (a forged Host would otherwise
 * mail the victim a link to the attacker's server, carrying a valid token).
 */
let SignupMailer = class SignupMailer {
    config;
    outbox;
    constructor(config, outbox) {
        this.config = config;
        this.outbox = outbox;
    }
    verifyLink(token) {
        return `${this.config.http.publicUrl}/users/email-verify?signupVerifyToken=${encodeURIComponent(token)}`;
    }
    async verify(tx, to, challenge) {
        await this.outbox.enqueue(tx, {
            to: { address: to.email, name: to.name },
            template: 'signup-verify',
            locale: asLocale(to.locale),
            data: {
                name: to.name ?? '',
                linkExpiresAt: challenge.expiresAt.toISOString(),
                codeExpiresAt: challenge.codeExpiresAt.toISOString(),
            },
            secrets: { link: this.verifyLink(challenge.token), code: challenge.code },
        });
    }
    async exists(tx, to) {
        const base = this.config.http.publicUrl;
        await this.outbox.enqueue(tx, {
            to: { address: to.email, name: to.name },
            template: 'signup-exists',
            locale: asLocale(to.locale),
            data: {
                name: to.name ?? '',
                loginUrl: `${base}/users/login`,
                resetUrl: `${base}/users/password-reset`,
            },
        });
    }
    /** After commit: tells the worker there is mail. */
    wake() {
        this.outbox.wake();
    }
};
exports.SignupMailer = SignupMailer;
exports.SignupMailer = SignupMailer = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(1, (0, common_1.Inject)(mail_port_1.MAIL_OUTBOX)),
    __metadata("design:paramtypes", [Object, Object])
], SignupMailer);
//# sourceMappingURL=signup.mailer.js.map