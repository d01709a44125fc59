"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ACCEPTED_MESSAGE = exports.createSignupBody = void 0;
const zod_1 = require("zod");
const signup_fields_1 = require("../domain/signup.fields");
exports.createSignupBody = zod_1.z.object({ name: signup_fields_1.nameField, email: signup_fields_1.emailField, password: signup_fields_1.passwordField });
/** One message for every outcome, so the answer does not tell whether the address has an account. */
exports.ACCEPTED_MESSAGE = 'Thanks! If this address can be used, a message with a link and a code is on its way. Check your inbox.';
//# sourceMappingURL=create-signup.dto.js.map