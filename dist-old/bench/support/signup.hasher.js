"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupHasher = void 0;
exports.hashParameters = hashParameters;
const password_hasher_1 = require("../../src/modules/signup/domain/password.hasher");
/**
 * The signup module's own hasher, so the raw-hash limit and the seed baseline use exactly the
 * parameters POST /users uses and cannot drift from them.
 */
exports.signupHasher = new password_hasher_1.PasswordHasher();
/** The parameters as the hash itself records them, e.g. "argon2id v=19 m=19456,t=2,p=1". */
function hashParameters(encoded) {
    const [, algorithm, version, params] = encoded.split('$');
    return `${algorithm} ${version} ${params}`;
}
//# sourceMappingURL=signup.hasher.js.map