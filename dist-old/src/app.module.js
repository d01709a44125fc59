"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var AppModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppModule = void 0;
const common_1 = require("@nestjs/common");
const core_module_1 = require("./core/core.module");
const emails_module_1 = require("./modules/emails/emails.module");
const health_module_1 = require("./modules/health/health.module");
const mail_module_1 = require("./modules/mail/mail.module");
const mailbox_module_1 = require("./modules/mailbox/mailbox.module");
const rate_limit_module_1 = require("./modules/rate-limit/rate-limit.module");
const signup_module_1 = require("./modules/signup/signup.module");
let AppModule = AppModule_1 = class AppModule {
    static forRoot(runtime) {
        const mailbox = runtime.config.mailbox.enabled ? [mailbox_module_1.MailboxModule] : [];
        return {
            module: AppModule_1,
            imports: [
                core_module_1.CoreModule.forRoot(runtime),
                health_module_1.HealthModule,
                rate_limit_module_1.RateLimitModule,
                ...mailbox,
                mail_module_1.MailModule,
                signup_module_1.SignupModule,
                emails_module_1.EmailsModule,
            ],
        };
    }
};
exports.AppModule = AppModule;
exports.AppModule = AppModule = AppModule_1 = __decorate([
    (0, common_1.Module)({})
], AppModule);
//# sourceMappingURL=app.module.js.map