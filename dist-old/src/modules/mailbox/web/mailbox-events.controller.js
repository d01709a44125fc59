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
exports.MailboxEventsController = void 0;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("zod");
const zod_2 = require("../../../common/http/zod");
const mailbox_service_1 = require("../mailbox.service");
const eventsQuerySchema = zod_1.z.object({ to: zod_1.z.string().trim().max(320).optional() });
/** Comments every 25 s keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/**
 * Server-Sent Events: one `message` event per new message (the list item's JSON), so the web
 * inbox updates without a reload. SSE rather than WebSocket: one direction is all it needs, it
 * goes through every proxy, and the browser reconnects by itself.
 */
let MailboxEventsController = class MailboxEventsController {
    mailbox;
    constructor(mailbox) {
        this.mailbox = mailbox;
    }
    events(query, reply) {
        const raw = reply.raw;
        reply.hijack();
        raw.writeHead(200, {
            'Content-Type': 'text/event-stream; charset=utf-8',
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
            'X-Request-Id': String(reply.request.id),
            Connection: 'keep-alive',
        });
        raw.write('retry: 2000\n\n');
        const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const stop = this.mailbox.follow(query.to || undefined, (item) => raw.write(`event: message\nid: ${item.id}\ndata: ${JSON.stringify(item)}\n\n`), () => raw.end());
        raw.once('close', () => {
            clearInterval(heartbeat);
            stop();
        });
    }
};
exports.MailboxEventsController = MailboxEventsController;
__decorate([
    (0, common_1.Get)('events'),
    (0, swagger_1.ApiProduces)('text/event-stream'),
    (0, swagger_1.ApiOperation)({ summary: 'Live feed of new messages (Server-Sent Events), optionally for one recipient' }),
    __param(0, (0, zod_2.ZodQuery)(eventsQuerySchema)),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", void 0)
], MailboxEventsController.prototype, "events", null);
exports.MailboxEventsController = MailboxEventsController = __decorate([
    (0, swagger_1.ApiTags)('mailbox'),
    (0, common_1.Controller)('mailbox/api'),
    __metadata("design:paramtypes", [mailbox_service_1.MailboxService])
], MailboxEventsController);
//# sourceMappingURL=mailbox-events.controller.js.map