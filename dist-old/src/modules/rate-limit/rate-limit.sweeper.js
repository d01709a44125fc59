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
exports.RateLimitSweeper = void 0;
const common_1 = require("@nestjs/common");
const periodic_sweeper_1 = require("../../common/lifecycle/periodic-sweeper");
const tokens_1 = require("../../core/tokens");
const rate_limit_port_1 = require("./rate-limit.port");
/** Drops rate-limit windows that have ended. */
let RateLimitSweeper = class RateLimitSweeper extends periodic_sweeper_1.PeriodicSweeper {
    limiter;
    constructor(limiter, log) {
        super(log, 'ended rate-limit windows');
        this.limiter = limiter;
    }
    remove() {
        return this.limiter.sweep();
    }
};
exports.RateLimitSweeper = RateLimitSweeper;
exports.RateLimitSweeper = RateLimitSweeper = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(rate_limit_port_1.RATE_LIMITER)),
    __param(1, (0, common_1.Inject)(tokens_1.LOGGER)),
    __metadata("design:paramtypes", [Function, Object])
], RateLimitSweeper);
//# sourceMappingURL=rate-limit.sweeper.js.map