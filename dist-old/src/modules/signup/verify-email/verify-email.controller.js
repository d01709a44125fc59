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
exports.VerifyEmailController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const app_error_1 = require("../../../common/errors/app-error");
const zod_1 = require("../../../common/http/zod");
const mail_port_1 = require("../../mail/mail.port");
const signup_errors_1 = require("../signup.errors");
const verify_email_dto_1 = require("./verify-email.dto");
const verify_email_page_1 = require("./verify-email.page");
const verify_email_service_1 = require("./verify-email.service");
const isForm = (req) => (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
function outcomeOf(err) {
    if (err.code === signup_errors_1.SignupErrors.alreadyVerified.code)
        return 'used';
    if (err.code === signup_errors_1.SignupErrors.invalidToken.code || err.code === signup_errors_1.SignupErrors.invalidCode.code)
        return 'bad';
    return 'busy';
}
let VerifyEmailController = class VerifyEmailController {
    service;
    constructor(service) {
        this.service = service;
    }
    async page(query, req, reply) {
        const locale = (0, mail_port_1.pickLocale)(req.headers['accept-language']);
        await reply
            .status(200)
            .headers(verify_email_page_1.PAGE_HEADERS)
            .send((0, verify_email_page_1.confirmPage)(locale, query.signupVerifyToken ?? ''));
    }
    async verify(query, body, req, reply) {
        const form = isForm(req);
        let user;
        try {
            user = await this.run(query, body, req.ip);
        }
        catch (err) {
            // Unexpected errors go to the global filter (logged, generic 500) even for the form.
            if (!form || !(err instanceof app_error_1.AppError))
                throw err;
            if (err.retryAfter !== undefined)
                void reply.header('Retry-After', String(Math.ceil(err.retryAfter)));
            await reply
                .status(err.status)
                .headers(verify_email_page_1.PAGE_HEADERS)
                .send((0, verify_email_page_1.outcomePage)((0, mail_port_1.pickLocale)(req.headers['accept-language']), outcomeOf(err)));
            return;
        }
        if (form) {
            await reply
                .status(201)
                .headers(verify_email_page_1.PAGE_HEADERS)
                .send((0, verify_email_page_1.outcomePage)((0, mail_port_1.pickLocale)(req.headers['accept-language']), 'done', user.name));
            return;
        }
        await reply.status(201).send({ user });
    }
    run(query, body, ip) {
        const token = query.signupVerifyToken ?? body.signupVerifyToken;
        if (token !== undefined)
            return this.service.byToken(token, ip);
        if (body.email !== undefined && body.code !== undefined)
            return this.service.byCode(body.email, body.code, ip);
        throw new app_error_1.AppError(signup_errors_1.SignupErrors.missingChallenge, { signupVerifyToken: 'required, or email and code' });
    }
};
exports.VerifyEmailController = VerifyEmailController;
__decorate([
    (0, common_1.Get)(),
    (0, swagger_1.ApiOperation)({ summary: 'The confirm page of the emailed link (changes nothing: scanners open links)' }),
    (0, swagger_1.ApiResponse)({ status: 200, description: 'text/html with one button that POSTs the token' }),
    __param(0, (0, zod_1.ZodQuery)(verify_email_dto_1.verifyQuery)),
    __param(1, (0, common_1.Req)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object]),
    __metadata("design:returntype", Promise)
], VerifyEmailController.prototype, "page", null);
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(201),
    (0, swagger_1.ApiOperation)({ summary: 'Use a challenge (link token or email + code): creates the account' }),
    (0, swagger_1.ApiResponse)({ status: 201, description: '{user}; an HTML page when the confirm form posted it' }),
    (0, swagger_1.ApiResponse)({ status: 400, description: 'invalid_token, invalid_code or validation_failed' }),
    (0, swagger_1.ApiResponse)({ status: 409, description: 'already_verified: the challenge was used (or lost to another)' }),
    (0, swagger_1.ApiResponse)({ status: 429, description: 'rate_limited (Retry-After)' }),
    __param(0, (0, zod_1.ZodQuery)(verify_email_dto_1.verifyQuery)),
    __param(1, (0, zod_1.ZodBody)(verify_email_dto_1.verifyBody)),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], VerifyEmailController.prototype, "verify", null);
exports.VerifyEmailController = VerifyEmailController = __decorate([
    (0, swagger_1.ApiTags)('signup'),
    (0, common_1.Controller)('users/email-verify'),
    __metadata("design:paramtypes", [verify_email_service_1.VerifyEmailService])
], VerifyEmailController);
//# sourceMappingURL=verify-email.controller.js.map