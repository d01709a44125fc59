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
exports.ApiKeyGuard = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../common/errors/app-error");
const tokens_1 = require("../../core/tokens");
const emails_errors_1 = require("./emails.errors");
const BEARER = /^Bearer +(\S{1,512})$/i;
/**
 * `Authorization: Bearer <API key>` against API_KEYS. Both sides are HMACed first (lookup key, HKDF
 * child of JWT_SECRET), so the comparison is over equal-length digests with timingSafeEqual and
 * leaks neither a key's length nor how many leading characters matched. Every configured key is
 * compared, with no early exit. The digest doubles as the key's scope for idempotency records: the
 * key itself is never stored.
 */
let ApiKeyGuard = class ApiKeyGuard {
    config;
    digests;
    constructor(config) {
        this.config = config;
        this.digests = config.apiKeys.map((k) => this.digest(k));
    }
    digest(key) {
        return (0, node_crypto_1.createHmac)('sha256', this.config.keys.lookup).update(`api-key:${key}`).digest();
    }
    canActivate(context) {
        const req = context.switchToHttp().getRequest();
        const match = BEARER.exec(req.headers.authorization ?? '');
        const presented = this.digest(match?.[1] ?? '');
        let found = false;
        for (const d of this.digests)
            found = (0, node_crypto_1.timingSafeEqual)(d, presented) || found;
        if (!match || !found)
            throw new app_error_1.AppError(emails_errors_1.EmailErrors.invalidApiKey);
        req.apiKeyScope = presented.toString('base64url');
        return true;
    }
};
exports.ApiKeyGuard = ApiKeyGuard;
exports.ApiKeyGuard = ApiKeyGuard = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __metadata("design:paramtypes", [Object])
], ApiKeyGuard);
//# sourceMappingURL=api-key.guard.js.map