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
exports.MailboxService = exports.MAILBOX_RESOLVER = void 0;
const common_1 = require("@nestjs/common");
const app_error_1 = require("../../common/errors/app-error");
const mailbox_errors_1 = require("./mailbox.errors");
const mailbox_store_1 = require("./mailbox.store");
const message_view_1 = require("./message/message-view");
/** DI token for the DNS resolver used by the DKIM/SPF check (local-resolver.ts). */
exports.MAILBOX_RESOLVER = Symbol('MailboxResolver');
/** The mailbox's use cases for the REST API and the web inbox. */
let MailboxService = class MailboxService {
    store;
    resolver;
    /** Pending long-polls and live feeds, released (as "nothing yet") when the app shuts down. */
    waiting = new Set();
    constructor(store, resolver) {
        this.store = store;
        this.resolver = resolver;
    }
    list(query) {
        const needle = query.q?.toLowerCase();
        const where = needle
            ? (m) => m.subject.toLowerCase().includes(needle) ||
                m.from.toLowerCase().includes(needle) ||
                m.sender.toLowerCase().includes(needle) ||
                m.toHeader.toLowerCase().includes(needle) ||
                m.recipients.some((r) => r.includes(needle)) ||
                m.snippet.includes(needle)
            : undefined;
        return this.store
            .list({ recipient: query.to, where, limit: query.limit, order: 'newest' })
            .map(message_view_1.toListItem);
    }
    meta(id) {
        const meta = this.store.get(id);
        if (!meta)
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.messageNotFound);
        return meta;
    }
    async view(id) {
        const meta = this.meta(id);
        return (0, message_view_1.toMessageView)(meta, await this.raw(id), this.resolver);
    }
    async attachment(id, index) {
        const found = await (0, message_view_1.readAttachment)(await this.raw(id), index);
        if (!found)
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.attachmentNotFound);
        return found;
    }
    async raw(id) {
        this.meta(id);
        try {
            return await this.store.readRaw(id);
        }
        catch (err) {
            // Deleted between the lookup and the read.
            if (!this.store.get(id))
                throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.messageNotFound);
            throw err;
        }
    }
    /**
     * The oldest message to `to` with an id above `after` (any id when absent): at once if one
     * exists, else the next one to arrive, else undefined after `timeoutMs` or on `signal`.
     * Event-driven: the listener is registered before the existing messages are checked, so a
     * message committed in between is not missed, and it is removed on every way out.
     */
    waitFor(to, after, timeoutMs, signal) {
        const recipient = (0, mailbox_store_1.normalizeAddress)(to);
        const floor = after ?? 0;
        return new Promise((resolve) => {
            let done = false;
            const cleanup = {};
            const release = () => finish(undefined);
            const finish = (meta) => {
                if (done)
                    return;
                done = true;
                cleanup.unsubscribe?.();
                clearTimeout(cleanup.timer);
                signal.removeEventListener('abort', release);
                this.waiting.delete(release);
                resolve(meta);
            };
            cleanup.unsubscribe = this.store.onAppend((m) => {
                if (m.id > floor && m.recipients.includes(recipient))
                    finish(m);
            });
            const existing = this.store.list({ recipient, after: floor, limit: 1, order: 'oldest' })[0];
            if (existing)
                return finish(existing);
            if (signal.aborted)
                return finish(undefined);
            signal.addEventListener('abort', release, { once: true });
            this.waiting.add(release);
            cleanup.timer = setTimeout(release, timeoutMs);
        });
    }
    /**
     * A live feed of new messages (optionally to one recipient) for the web inbox. `end` is called
     * at shutdown so an open stream never holds the server open. Returns the unsubscribe function.
     */
    follow(to, onMessage, end) {
        const recipient = to ? (0, mailbox_store_1.normalizeAddress)(to) : undefined;
        const unsubscribe = this.store.onAppend((m) => {
            if (recipient === undefined || m.recipients.includes(recipient))
                onMessage((0, message_view_1.toListItem)(m));
        });
        const release = () => {
            stop();
            end();
        };
        const stop = () => {
            unsubscribe();
            this.waiting.delete(release);
        };
        this.waiting.add(release);
        return stop;
    }
    async remove(id) {
        if (!(await this.store.remove(id)))
            throw new app_error_1.AppError(mailbox_errors_1.MailboxErrors.messageNotFound);
    }
    clear() {
        return this.store.clear();
    }
    /** Long-polls and live feeds open right now. */
    get openWaits() {
        return this.waiting.size;
    }
    beforeApplicationShutdown() {
        for (const release of [...this.waiting])
            release();
    }
};
exports.MailboxService = MailboxService;
exports.MailboxService = MailboxService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(mailbox_store_1.MAILBOX_STORE)),
    __param(1, (0, common_1.Inject)(exports.MAILBOX_RESOLVER)),
    __metadata("design:paramtypes", [Object, Function])
], MailboxService);
//# sourceMappingURL=mailbox.service.js.map