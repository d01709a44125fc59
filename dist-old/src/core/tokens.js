"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DB = exports.REDIS = exports.LOGGER = exports.CONFIG = void 0;
/** DI tokens for the process-wide objects built before Nest starts (config, logger, storage). */
exports.CONFIG = Symbol('AppConfig');
exports.LOGGER = Symbol('Logger');
/** The distributed profile's Redis connection; null in the embedded profile. */
exports.REDIS = Symbol('Redis');
var db_port_1 = require("../infra/db/db.port");
Object.defineProperty(exports, "DB", { enumerable: true, get: function () { return db_port_1.DB; } });
//# sourceMappingURL=tokens.js.map