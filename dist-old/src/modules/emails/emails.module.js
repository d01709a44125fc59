"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EmailsModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const mail_module_1 = require("../mail/mail.module");
const api_key_guard_1 = require("./api-key.guard");
const get_email_controller_1 = require("./get-email/get-email.controller");
const get_email_service_1 = require("./get-email/get-email.service");
const idempotency_store_1 = require("./idempotency/idempotency.store");
const idempotency_sweeper_1 = require("./idempotency/idempotency.sweeper");
const sql_idempotency_store_1 = require("./idempotency/sql.idempotency.store");
const send_email_controller_1 = require("./send-email/send-email.controller");
const send_email_service_1 = require("./send-email/send-email.service");
const suppressions_controller_1 = require("./suppressions/suppressions.controller");
/** The Email API (CONTRACT §4 "Email API"): app server → outbox → worker. */
let EmailsModule = class EmailsModule {
};
exports.EmailsModule = EmailsModule;
exports.EmailsModule = EmailsModule = __decorate([
    (0, common_1.Module)({
        imports: [mail_module_1.MailModule],
        // The static /emails/suppressions routes before /emails/:id (find-my-way prefers them anyway).
        controllers: [suppressions_controller_1.SuppressionsController, send_email_controller_1.SendEmailController, get_email_controller_1.GetEmailController],
        providers: [
            { provide: idempotency_store_1.IDEMPOTENCY_STORE, inject: [tokens_1.DB], useFactory: (db) => new sql_idempotency_store_1.SqlIdempotencyStore(db) },
            idempotency_sweeper_1.IdempotencySweeper,
            api_key_guard_1.ApiKeyGuard,
            send_email_service_1.SendEmailService,
            get_email_service_1.GetEmailService,
        ],
    })
], EmailsModule);
//# sourceMappingURL=emails.module.js.map