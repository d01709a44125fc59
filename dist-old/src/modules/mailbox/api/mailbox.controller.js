"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const app_error_1 = require("../../../common/errors/app-error");
const zod_1 = require("../../../common/http/zod");
const mailbox_errors_1 = require("../mailbox.errors");
const mailbox_service_1 = require("../mailbox.service");
const mailbox_dto_1 = require("./mailbox.dto");
function messageId(value) {
    const id = (0, mailbox_dto_1.parseMessageId)(value);
    if (id === undefined)
        throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.messageNotFound);
    return id;
}
/** CONTRACT §5: the dev mailbox's REST API. */
let MailboxController = class MailboxController {
    mailbox;
    constructor(mailbox) {
        this.mailbox = mailbox;
    }
    list(query) {
        return { messages: this.mailbox.list(query) };
    }
    get(id) {
        return this.mailbox.view(messageId(id));
    }
    async raw(id, reply) {
        const bytes = await this.mailbox.raw(messageId(id));
        await reply.type('message/rfc822').header('X-Content-Type-Options', 'nosniff').send(bytes);
    }
    async attachment(id, index, reply) {
        const n = /^\d{1,4}$/.test(index) ? Number(index) : -1;
        if (n < 0)
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.attachmentNotFound);
        const file = await this.mailbox.attachment(messageId(id), n);
        // The file name comes from the message: keep it out of header syntax (RFC 6266 filename*).
        // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
        const safe = encodeURIComponent(file.filename.replace(/[\x00-\x1f\x7f/\\]/g, '_'));
        await reply
            .type('application/octet-stream')
            .header('Content-Disposition', `attachment; filename*=UTF-8''${safe}`)
            .header('X-Content-Type-Options', 'nosniff')
            .send(file.content);
    }
    async wait(query, reply) {
        const abort = new AbortController();
        // The client went away: stop waiting for it (the listener and timer are removed).
        const onClose = () => abort.abort();
        reply.raw.once('close', onClose);
        try {
            const meta = await this.mailbox.waitFor(query.to, query.after, query.timeout, abort.signal);
            if (abort.signal.aborted && !meta)
                return;
            if (!meta) {
                await reply.status(204).send();
                return;
            }
            await reply.send(await this.mailbox.view(meta.id));
        }
        finally {
            reply.raw.off('close', onClose);
        }
    }
    async clear() {
        await this.mailbox.clear();
    }
    async remove(id) {
        await this.mailbox.remove(messageId(id));
    }
};
exports.MailboxController = MailboxController;
__decorate([
    (0, common_1.Get)('messages'),
    (0, swagger_1.ApiOperation)({ summary: 'Messages, newest first; `to` filters by recipient, `q` searches' }),
    __param(0, (0, zod_1.ZodQuery)(mailbox_dto_1.listQuerySchema)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Object)
], MailboxController.prototype, "list", null);
__decorate([
    (0, common_1.Get)('messages/:id'),
    (0, swagger_1.ApiOperation)({ summary: 'One message, parsed, with the links and codes found in it' }),
    __param(0, (0, common_1.Param)('id')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "get", null);
__decorate([
    (0, common_1.Get)('messages/:id/raw'),
    (0, swagger_1.ApiProduces)('message/rfc822'),
    (0, swagger_1.ApiOperation)({ summary: 'The message exactly as received' }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "raw", null);
__decorate([
    (0, common_1.Get)('messages/:id/attachments/:index'),
    (0, swagger_1.ApiOperation)({ summary: 'One attachment of a message, as a download' }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Param)('index')),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, Object]),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "attachment", null);
__decorate([
    (0, common_1.Get)('wait'),
    (0, swagger_1.ApiOperation)({
        summary: 'Long-poll: the first message to `to` newer than `after`, as soon as it arrives; 204 on timeout',
    }),
    __param(0, (0, zod_1.ZodQuery)(mailbox_dto_1.waitQuerySchema)),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "wait", null);
__decorate([
    (0, common_1.Delete)('messages'),
    (0, common_1.HttpCode)(204),
    (0, swagger_1.ApiOperation)({ summary: 'Deletes every message' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "clear", null);
__decorate([
    (0, common_1.Delete)('messages/:id'),
    (0, common_1.HttpCode)(204),
    (0, swagger_1.ApiOperation)({ summary: 'Deletes one message from every mailbox' }),
    __param(0, (0, common_1.Param)('id')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], MailboxController.prototype, "remove", null);
exports.MailboxController = MailboxController = __decorate([
    (0, swagger_1.ApiTags)('mailbox'),
    (0, common_1.Controller)('mailbox/api'),
    __metadata("design:paramtypes", [mailbox_service_1.MailboxService])
], MailboxController);
//# sourceMappingURL=mailbox.controller.js.map