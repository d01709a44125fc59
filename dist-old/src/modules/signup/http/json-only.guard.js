"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonOnlyGuard = void 0;
exports.isJson = isJson;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../../common/errors/app-error");
const common_errors_1 = require("../../../common/errors/common.errors");
function isJson(contentType) {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
/**
 * JSON routes accept JSON only (CONTRACT §4): the service parses HTML forms too (for the verify
 * page), and a form post to a JSON route must be 415, not quietly accepted.
 */
let JsonOnlyGuard = class JsonOnlyGuard {
    canActivate(context) {
        const req = context.switchToHttp().getRequest();
        if (!isJson(req.headers['content-type']))
            throw new app_error_1.AppError(common_errors_1.CommonErrors.unsupportedMediaType);
        return true;
    }
};
exports.JsonOnlyGuard = JsonOnlyGuard;
exports.JsonOnlyGuard = JsonOnlyGuard = __decorate([
    (0, common_1.Injectable)()
], JsonOnlyGuard);
//# sourceMappingURL=json-only.guard.js.map