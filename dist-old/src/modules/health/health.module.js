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
exports.HealthModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const health_controller_1 = require("./health.controller");
const health_port_1 = require("./health.port");
let HealthModule = class HealthModule {
    registry;
    db;
    constructor(registry, db) {
        this.registry = registry;
        this.db = db;
    }
    onModuleInit() {
        this.registry.register({
            name: 'database',
            check: async () => {
                await this.db.ping();
                return { ok: true };
            },
        });
    }
};
exports.HealthModule = HealthModule;
exports.HealthModule = HealthModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({ controllers: [health_controller_1.HealthController], providers: [health_port_1.HealthRegistry], exports: [health_port_1.HealthRegistry] }),
    __param(1, (0, common_1.Inject)(tokens_1.DB)),
    __metadata("design:paramtypes", [health_port_1.HealthRegistry, Object])
], HealthModule);
//# sourceMappingURL=health.module.js.map