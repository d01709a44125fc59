"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SignupModule = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../core/tokens");
const mail_module_1 = require("../mail/mail.module");
const rate_limit_module_1 = require("../rate-limit/rate-limit.module");
const create_signup_controller_1 = require("./create-signup/create-signup.controller");
const create_signup_service_1 = require("./create-signup/create-signup.service");
const pending_signup_store_1 = require("./database/pending-signup.store");
const sql_pending_signup_store_1 = require("./database/sql.pending-signup.store");
const sql_user_repository_1 = require("./database/sql.user.repository");
const user_repository_1 = require("./database/user.repository");
const access_token_1 = require("./domain/access-token");
const password_hasher_1 = require("./domain/password.hasher");
const login_controller_1 = require("./login/login.controller");
const login_service_1 = require("./login/login.service");
const signup_mailer_1 = require("./notifications/signup.mailer");
const resend_verification_controller_1 = require("./resend-verification/resend-verification.controller");
const resend_verification_service_1 = require("./resend-verification/resend-verification.service");
const signup_sweeper_1 = require("./signup.sweeper");
const bearer_auth_guard_1 = require("./users/bearer-auth.guard");
const users_controller_1 = require("./users/users.controller");
const verify_email_controller_1 = require("./verify-email/verify-email.controller");
const verify_email_service_1 = require("./verify-email/verify-email.service");
/** Signup with email verification, login and the user routes (CONTRACT §4 "Signup"). */
let SignupModule = class SignupModule {
};
exports.SignupModule = SignupModule;
exports.SignupModule = SignupModule = __decorate([
    (0, common_1.Module)({
        imports: [mail_module_1.MailModule, rate_limit_module_1.RateLimitModule],
        controllers: [
            create_signup_controller_1.CreateSignupController,
            // Static paths before the `:id` route, though find-my-way prefers them anyway.
            verify_email_controller_1.VerifyEmailController,
            resend_verification_controller_1.ResendVerificationController,
            login_controller_1.LoginController,
            users_controller_1.UsersController,
        ],
        providers: [
            { provide: pending_signup_store_1.PENDING_SIGNUP_STORE, inject: [tokens_1.DB], useFactory: (db) => new sql_pending_signup_store_1.SqlPendingSignupStore(db) },
            { provide: user_repository_1.USER_REPOSITORY, inject: [tokens_1.DB], useFactory: (db) => new sql_user_repository_1.SqlUserRepository(db) },
            { provide: password_hasher_1.PasswordHasher, useValue: new password_hasher_1.PasswordHasher() },
            { provide: access_token_1.AccessTokens, inject: [tokens_1.CONFIG], useFactory: (c) => new access_token_1.AccessTokens(c.keys.jwt) },
            signup_mailer_1.SignupMailer,
            create_signup_service_1.CreateSignupService,
            verify_email_service_1.VerifyEmailService,
            resend_verification_service_1.ResendVerificationService,
            login_service_1.LoginService,
            bearer_auth_guard_1.BearerAuthGuard,
            signup_sweeper_1.SignupSweeper,
        ],
    })
], SignupModule);
//# sourceMappingURL=signup.module.js.map