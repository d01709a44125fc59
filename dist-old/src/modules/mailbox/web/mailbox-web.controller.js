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
exports.MailboxWebController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("zod");
const app_error_1 = require("../../../common/errors/app-error");
const zod_2 = require("../../../common/http/zod");
const mailbox_dto_1 = require("../api/mailbox.dto");
const mailbox_errors_1 = require("../mailbox.errors");
const mailbox_service_1 = require("../mailbox.service");
const inbox_page_1 = require("./inbox.page");
const inbox_script_1 = require("./inbox.script");
const inboxQuerySchema = zod_1.z.object({
    to: zod_1.z.string().trim().max(320).optional(),
    q: zod_1.z.string().trim().max(200).optional(),
    id: zod_1.z.string().max(20).optional(),
});
/**
 * The web inbox at /mailbox: server-rendered HTML that works without JavaScript, plus one script
 * from this origin for live updates and deletes. No external assets.
 */
let MailboxWebController = class MailboxWebController {
    mailbox;
    constructor(mailbox) {
        this.mailbox = mailbox;
    }
    async inbox(query, reply) {
        const to = query.to || undefined;
        const q = query.q || undefined;
        const messages = this.mailbox.list({ to, q, limit: 200 });
        const id = query.id === undefined ? undefined : (0, mailbox_dto_1.parseMessageId)(query.id);
        let selected;
        if (id !== undefined)
            selected = await this.mailbox.view(id).catch(() => undefined);
        await reply
            .type('text/html; charset=utf-8')
            .header('Content-Security-Policy', inbox_page_1.INBOX_CSP)
            .header('X-Content-Type-Options', 'nosniff')
            .header('Referrer-Policy', 'no-referrer')
            .send((0, inbox_page_1.renderInbox)({ to, q, messages, selected }));
    }
    /** The inbox's script (live updates, delete buttons). */
    async script(reply) {
        await reply
            .type('text/javascript; charset=utf-8')
            .header('Cache-Control', 'no-cache')
            .header('X-Content-Type-Options', 'nosniff')
            .send(inbox_script_1.INBOX_SCRIPT);
    }
    /** The HTML part alone, for the inbox's sandboxed iframe. */
    async html(id, reply) {
        const messageId = (0, mailbox_dto_1.parseMessageId)(id);
        if (messageId === undefined)
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.messageNotFound);
        const view = await this.mailbox.view(messageId);
        if (!view.html)
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.noHtmlPart);
        await reply
            .type('text/html; charset=utf-8')
            .header('Content-Security-Policy', inbox_page_1.MESSAGE_HTML_CSP)
            .header('X-Content-Type-Options', 'nosniff')
            .header('Referrer-Policy', 'no-referrer')
            .send(view.html);
    }
};
exports.MailboxWebController = MailboxWebController;
__decorate([
    (0, common_1.Get)(),
    __param(0, (0, zod_2.ZodQuery)(inboxQuerySchema)),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], MailboxWebController.prototype, "inbox", null);
__decorate([
    (0, common_1.Get)('inbox.js'),
    __param(0, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], MailboxWebController.prototype, "script", null);
__decorate([
    (0, common_1.Get)('messages/:id/html'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], MailboxWebController.prototype, "html", null);
exports.MailboxWebController = MailboxWebController = __decorate([
    (0, swagger_1.ApiExcludeController)(),
    (0, common_1.Controller)('mailbox'),
    __metadata("design:paramtypes", [mailbox_service_1.MailboxService])
], MailboxWebController);
//# sourceMappingURL=mailbox-web.controller.js.map