"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DB = void 0;
exports.isUniqueViolation = isUniqueViolation;
exports.DB = Symbol('Db');
/** PostgreSQL's SQLSTATE for a unique constraint violation, the same in PGlite. */
function isUniqueViolation(err) {
    return err?.code === '23505';
}
//# sourceMappingURL=db.port.js.map