"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.json = void 0;
exports.seedPending = seedPending;
const node_crypto_1 = require("node:crypto");
const sql_pending_signup_store_1 = require("../../src/modules/signup/database/sql.pending-signup.store");
const challenge_1 = require("../../src/modules/signup/domain/challenge");
const email_address_1 = require("../../src/common/email/email-address");
const password_hasher_1 = require("../../src/modules/signup/domain/password.hasher");
const hasher = new password_hasher_1.PasswordHasher();
/**
 * Stores a pending signup straight into the app's database, as POST /users would, and returns its
 * clear token and code: lets the HTTP verify tests run without reading mail.
 */
async function seedPending(app, email, password = 'password-123', name = 'Ada') {
    const { config, db } = app.runtime;
    const address = (0, email_address_1.parseEmail)(email);
    const challenge = (0, challenge_1.issueChallenge)(config.keys, config.signup, new Date());
    await new sql_pending_signup_store_1.SqlPendingSignupStore(db).create(db, {
        id: (0, node_crypto_1.randomUUID)(),
        emailKey: address.key,
        email: address.email,
        emailDisplay: address.display,
        name,
        passwordHash: await hasher.hash(password),
        locale: 'en',
        tokenHash: challenge.tokenHash,
        codeHash: challenge.codeHash,
        expiresAt: challenge.expiresAt,
        codeExpiresAt: challenge.codeExpiresAt,
    });
    return { token: challenge.token, code: challenge.code };
}
const json = (body, headers = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
});
exports.json = json;
//# sourceMappingURL=seed.js.map