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
exports.ChaosController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("../../../common/http/zod");
const smtp_chaos_1 = require("../chaos/smtp-chaos");
const chaos_dto_1 = require("./chaos.dto");
/** Fault injection for the mailbox's SMTP listener, so a courier's retries can be tested. */
let ChaosController = class ChaosController {
    chaos;
    constructor(chaos) {
        this.chaos = chaos;
    }
    current() {
        return { rules: this.chaos.current() };
    }
    set(body) {
        this.chaos.set(body.rules);
        return { rules: this.chaos.current() };
    }
    clear() {
        this.chaos.clear();
    }
};
exports.ChaosController = ChaosController;
__decorate([
    (0, common_1.Get)(),
    (0, swagger_1.ApiOperation)({ summary: 'The chaos rules in force (counts show what is left)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Object)
], ChaosController.prototype, "current", null);
__decorate([
    (0, common_1.Put)(),
    (0, common_1.HttpCode)(200),
    (0, swagger_1.ApiOperation)({
        summary: 'Replaces the rules: reply 421/451/454/550 or drop the connection after DATA, at a rate 0–1',
    }),
    __param(0, (0, zod_1.ZodBody)(chaos_dto_1.chaosRulesSchema)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Object)
], ChaosController.prototype, "set", null);
__decorate([
    (0, common_1.Delete)(),
    (0, common_1.HttpCode)(204),
    (0, swagger_1.ApiOperation)({ summary: 'Turns chaos off' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], ChaosController.prototype, "clear", null);
exports.ChaosController = ChaosController = __decorate([
    (0, swagger_1.ApiTags)('mailbox'),
    (0, common_1.Controller)('mailbox/api/chaos'),
    __metadata("design:paramtypes", [smtp_chaos_1.SmtpChaos])
], ChaosController);
//# sourceMappingURL=chaos.controller.js.map