"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxErrors = void 0;
const app_error_1 = require("../../common/errors/app-error");
exports.MailboxErrors = (0, app_error_1.defineErrors)({
    messageNotFound: {
        status: 404,
        code: 'message_not_found',
        message: 'No message with this id in the mailbox.',
    },
    noHtmlPart: { status: 404, code: 'no_html_part', message: 'This message has no HTML part.' },
    attachmentNotFound: {
        status: 404,
        code: 'attachment_not_found',
        message: 'This message has no attachment with that index.',
    },
});
//# sourceMappingURL=mailbox.errors.js.map