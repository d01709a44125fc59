"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RateLimitModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const rate_limit_port_1 = require("./rate-limit.port");
const rate_limit_sweeper_1 = require("./rate-limit.sweeper");
const sql_rate_limiter_1 = require("./sql.rate-limiter");
/** Store-backed rate limiting (RATE_LIMITER), with a sweeper that drops ended windows. */
let RateLimitModule = class RateLimitModule {
};
exports.RateLimitModule = RateLimitModule;
exports.RateLimitModule = RateLimitModule = __decorate([
    (0, common_1.Module)({
        providers: [
            {
                provide: rate_limit_port_1.RATE_LIMITER,
                inject: [tokens_1.DB, tokens_1.CONFIG],
                useFactory: (db, config) => new sql_rate_limiter_1.SqlRateLimiter(db, config.keys.lookup, config.rateLimit),
            },
            rate_limit_sweeper_1.RateLimitSweeper,
        ],
        exports: [rate_limit_port_1.RATE_LIMITER],
    })
], RateLimitModule);
//# sourceMappingURL=rate-limit.module.js.map