"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PENDING_SIGNUP_STORE = void 0;
exports.PENDING_SIGNUP_STORE = Symbol('PendingSignupStore');
//# sourceMappingURL=pending-signup.store.js.map