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
exports.SuppressionsController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const app_error_1 = require("../../../common/errors/app-error");
const zod_1 = require("../../../common/http/zod");
const mail_port_1 = require("../../mail/mail.port");
const api_key_guard_1 = require("../api-key.guard");
const emails_errors_1 = require("../emails.errors");
const json_body_guard_1 = require("../json-body.guard");
const suppressions_dto_1 = require("./suppressions.dto");
/** The suppression list's manual side: addresses the worker must never mail. */
let SuppressionsController = class SuppressionsController {
    list;
    constructor(list) {
        this.list = list;
    }
    async all(query) {
        return { suppressions: (await this.list.list(query.limit)).map(suppressions_dto_1.toView) };
    }
    async add(body) {
        return (0, suppressions_dto_1.toView)(await this.list.add(body.address, body.reason, 'api'));
    }
    async remove(address) {
        if (!(await this.list.remove(address)))
            throw new app_error_1.AppError(emails_errors_1.EmailErrors.suppressionNotFound);
    }
};
exports.SuppressionsController = SuppressionsController;
__decorate([
    (0, common_1.Get)(),
    (0, swagger_1.ApiOperation)({ summary: 'Suppressed addresses, newest first' }),
    __param(0, (0, zod_1.ZodQuery)(suppressions_dto_1.listSuppressionsQuery)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], SuppressionsController.prototype, "all", null);
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(201),
    (0, common_1.UseGuards)(json_body_guard_1.JsonBodyGuard),
    (0, swagger_1.ApiOperation)({ summary: 'Suppress an address (an existing entry is kept as it is)' }),
    (0, swagger_1.ApiResponse)({ status: 201, description: 'The entry now stored' }),
    __param(0, (0, zod_1.ZodBody)(suppressions_dto_1.addSuppressionBody)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], SuppressionsController.prototype, "add", null);
__decorate([
    (0, common_1.Delete)(':address'),
    (0, common_1.HttpCode)(204),
    (0, swagger_1.ApiOperation)({ summary: 'Mail this address again' }),
    (0, swagger_1.ApiResponse)({ status: 404, description: 'suppression_not_found' }),
    __param(0, (0, common_1.Param)('address')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], SuppressionsController.prototype, "remove", null);
exports.SuppressionsController = SuppressionsController = __decorate([
    (0, swagger_1.ApiTags)('emails'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('emails/suppressions'),
    (0, common_1.UseGuards)(api_key_guard_1.ApiKeyGuard),
    __param(0, (0, common_1.Inject)(mail_port_1.SUPPRESSION_LIST)),
    __metadata("design:paramtypes", [Object])
], SuppressionsController);
//# sourceMappingURL=suppressions.controller.js.map