"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toView = exports.listSuppressionsQuery = exports.addSuppressionBody = void 0;
const zod_1 = require("zod");
const mail_port_1 = require("../../mail/mail.port");
const email_fields_1 = require("../domain/email.fields");
exports.addSuppressionBody = zod_1.z
    .object({ address: email_fields_1.addressField, reason: zod_1.z.enum(mail_port_1.SUPPRESSION_REASONS).default('manual') })
    .strict();
exports.listSuppressionsQuery = zod_1.z.object({
    limit: zod_1.z.coerce.number().int().min(1).max(1000).default(100),
});
const toView = (s) => ({
    address: s.address,
    reason: s.reason,
    source: s.source,
    createdAt: s.createdAt.toISOString(),
});
exports.toView = toView;
//# sourceMappingURL=suppressions.dto.js.map