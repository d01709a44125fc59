"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupExists = void 0;
const en_1 = require("./en");
const ko_1 = require("./ko");
/** Sent instead of a challenge when the address already has an account. Values: data `name`. */
exports.signupExists = { en: en_1.en, ko: ko_1.ko };
//# sourceMappingURL=signup-exists.template.js.map