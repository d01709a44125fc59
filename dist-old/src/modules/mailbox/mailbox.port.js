"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAILBOX_ENDPOINT = void 0;
exports.MAILBOX_ENDPOINT = Symbol('MailboxEndpoint');
//# sourceMappingURL=mailbox.port.js.map