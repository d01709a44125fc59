"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupVerify = void 0;
const en_1 = require("./en");
const ko_1 = require("./ko");
/**
 * The signup challenge: a link to the confirm page and a 6-digit code for the same challenge.
 * Values: data `name`, `linkExpiresAt`, `codeExpiresAt` (ISO times); secrets `link`, `code`.
 */
exports.signupVerify = { en: en_1.en, ko: ko_1.ko };
//# sourceMappingURL=signup-verify.template.js.map