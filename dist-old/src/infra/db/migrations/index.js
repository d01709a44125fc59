"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.coreMigrations = void 0;
const _001_identity_1 = require("./001_identity");
const _002_outbox_1 = require("./002_outbox");
const _003_email_api_1 = require("./003_email_api");
/** Every migration of the core schema, shared by the embedded and distributed profiles. */
exports.coreMigrations = [_001_identity_1.identity, _002_outbox_1.outbox, _003_email_api_1.emailApi];
//# sourceMappingURL=index.js.map