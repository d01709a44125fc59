"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonBodyGuard = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../common/errors/app-error");
const common_errors_1 = require("../../common/errors/common.errors");
/**
 * JSON only (CONTRACT §4). The service also parses HTML forms (for the signup confirm page); a form
 * posted here must be a 415, not validated as if it were JSON.
 */
let JsonBodyGuard = class JsonBodyGuard {
    canActivate(context) {
        const req = context.switchToHttp().getRequest();
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type))
            throw new app_error_1.AppError(common_errors_1.CommonErrors.unsupportedMediaType);
        return true;
    }
};
exports.JsonBodyGuard = JsonBodyGuard;
exports.JsonBodyGuard = JsonBodyGuard = __decorate([
    (0, common_1.Injectable)()
], JsonBodyGuard);
//# sourceMappingURL=json-body.guard.js.map