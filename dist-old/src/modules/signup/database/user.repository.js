"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.USER_REPOSITORY = void 0;
exports.USER_REPOSITORY = Symbol('UserRepository');
//# sourceMappingURL=user.repository.js.map