"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var CoreModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.CoreModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("./tokens");
let CoreModule = CoreModule_1 = class CoreModule {
    static forRoot(runtime) {
        return {
            module: CoreModule_1,
            providers: [
                { provide: tokens_1.CONFIG, useValue: runtime.config },
                { provide: tokens_1.DB, useValue: runtime.db },
                { provide: tokens_1.LOGGER, useValue: runtime.log },
                { provide: tokens_1.REDIS, useValue: runtime.redis ?? null },
            ],
            exports: [tokens_1.CONFIG, tokens_1.DB, tokens_1.LOGGER, tokens_1.REDIS],
        };
    }
};
exports.CoreModule = CoreModule;
exports.CoreModule = CoreModule = CoreModule_1 = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({})
], CoreModule);
//# sourceMappingURL=core.module.js.map