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
exports.HealthController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const health_port_1 = require("./health.port");
let HealthController = class HealthController {
    registry;
    constructor(registry) {
        this.registry = registry;
    }
    async health(reply) {
        const results = await Promise.all(this.registry.list().map(async (c) => {
            try {
                return [c.name, await withTimeout(c.check(), 1000)];
            }
            catch (err) {
                return [c.name, { ok: false, detail: err.message }];
            }
        }));
        const checks = Object.fromEntries(results.map(([name, r]) => [name, r.ok ? 'ok' : (r.detail ?? 'failing')]));
        const ok = results.every(([, r]) => r.ok);
        await reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    }
};
exports.HealthController = HealthController;
__decorate([
    (0, common_1.Get)(),
    (0, swagger_1.ApiOperation)({ summary: 'Liveness and readiness: 503 names the failing dependency' }),
    __param(0, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], HealthController.prototype, "health", null);
exports.HealthController = HealthController = __decorate([
    (0, swagger_1.ApiTags)('operations'),
    (0, common_1.Controller)('health'),
    __metadata("design:paramtypes", [health_port_1.HealthRegistry])
], HealthController);
function withTimeout(p, ms) {
    return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        p.then(resolve, reject).finally(() => clearTimeout(t));
    });
}
//# sourceMappingURL=health.controller.js.map