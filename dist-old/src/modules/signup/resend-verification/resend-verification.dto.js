"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resendBody = void 0;
const zod_1 = require("zod");
const signup_fields_1 = require("../domain/signup.fields");
exports.resendBody = zod_1.z.object({ email: signup_fields_1.emailField });
//# sourceMappingURL=resend-verification.dto.js.map