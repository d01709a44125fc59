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
exports.MailWorker = exports.WORKER = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const mail_port_1 = require("../mail.port");
const mail_from_parser_1 = require("../mail-from.parser");
const outbox_store_1 = require("../outbox/outbox.store");
const secrets_seal_1 = require("../outbox/secrets.seal");
const template_registry_1 = require("../templates/template.registry");
const template_renderer_1 = require("../templates/template.renderer");
const mail_transport_port_1 = require("../transports/mail-transport.port");
const retry_policy_1 = require("./retry.policy");
exports.WORKER = {
    /** Sends in flight at once. */
    concurrency: 8,
    /** How long a claim lasts; longer than any send can take (the SMTP timeouts add up to well under it). */
    leaseMs: 2 * 60_000,
    /** Polling when nobody calls wake(): due retries and other processes' messages are found this fast. */
    pollMs: 1_000,
    /** At shutdown, how long in-flight sends may take to finish before their messages are released. */
    drainMs: 10_000,
};
class RenderError extends Error {
}
/**
 * Delivers the outbox. Claims due messages (and reclaims ones whose worker died), renders each
 * from its template and unsealed secrets, sends it through the configured transport and records the
 * attempt. Runs in every process that has the mail module; several workers share the table safely.
 */
let MailWorker = class MailWorker {
    store;
    transport;
    config;
    log;
    suppressions;
    running = false;
    inFlight = new Map();
    tickPromise;
    again = false;
    timer;
    lastRecovery = 0;
    from;
    constructor(store, transport, config, log, suppressions) {
        this.store = store;
        this.transport = transport;
        this.config = config;
        this.log = log;
        this.suppressions = suppressions;
        this.from = (0, mail_from_parser_1.parseMailFrom)(config.mail.from);
    }
    get isRunning() {
        return this.running;
    }
    onApplicationBootstrap() {
        this.running = true;
        this.wake();
    }
    /** Claims now (coalesced: a wake during a claim makes one more claim, not many). */
    wake() {
        if (!this.running)
            return;
        if (this.tickPromise) {
            this.again = true;
            return;
        }
        this.tickPromise = this.tick().finally(() => {
            this.tickPromise = undefined;
            // A wake that arrived after the last claim of that tick must not wait for the next poll.
            if (this.again)
                this.wake();
        });
    }
    async beforeApplicationShutdown() {
        if (!this.running)
            return;
        this.running = false;
        clearTimeout(this.timer);
        await this.tickPromise;
        let bound;
        const drained = await Promise.race([
            Promise.allSettled([...this.inFlight.values()].map((f) => f.done)).then(() => true),
            new Promise((resolve) => (bound = setTimeout(resolve, exports.WORKER.drainMs, false))),
        ]);
        clearTimeout(bound);
        if (!drained) {
            // Give the rest back now rather than let them wait out their lease: another process (or this
            // one, restarted) sends them. If a send did go through meanwhile, that is a duplicate with the
            // same Message-ID, which is the at-least-once promise.
            for (const { message } of this.inFlight.values())
                await this.store
                    .release(message)
                    .catch((err) => this.log.error({ err }, 'mail release failed'));
            this.log.warn({ released: this.inFlight.size }, 'mail worker stopped with sends in flight');
        }
        await this.transport.close();
    }
    async tick() {
        clearTimeout(this.timer);
        try {
            do {
                this.again = false;
                if (Date.now() - this.lastRecovery >= exports.WORKER.pollMs) {
                    this.lastRecovery = Date.now();
                    const recovered = await this.store.recoverExpiredLeases(retry_policy_1.RETRY.maxAttempts);
                    if (recovered > 0)
                        this.log.warn({ recovered }, 'mail: reclaimed messages whose lease expired');
                }
                const free = exports.WORKER.concurrency - this.inFlight.size;
                if (free <= 0)
                    break; // a finishing send wakes us
                const claimed = await this.store.claim(free, exports.WORKER.leaseMs);
                for (const message of claimed) {
                    if (this.running)
                        this.start(message);
                    else
                        await this.store.release(message);
                }
                if (claimed.length === free)
                    this.again = true; // there may be more due
            } while (this.again && this.running);
        }
        catch (err) {
            if (this.running)
                this.log.error({ err }, 'mail worker could not claim messages');
        }
        finally {
            // Not unref'd: a worker-only process (`mailgate worker`) has nothing else keeping it alive.
            if (this.running)
                this.timer = setTimeout(() => this.wake(), exports.WORKER.pollMs);
        }
    }
    start(message) {
        const done = this.deliver(message)
            .catch((err) => this.log.error({ err, mailId: message.id }, 'mail delivery bookkeeping failed'))
            .finally(() => {
            this.inFlight.delete(message.id);
            this.wake();
        });
        this.inFlight.set(message.id, { message, done });
    }
    async deliver(m) {
        const started = performance.now();
        const attempt = m.attempts_made;
        const report = (outcome, error, kept = true) => this.log[outcome === 'sent' || outcome === 'suppressed' ? 'info' : 'warn']({
            mailId: m.id,
            messageId: m.message_id,
            template: m.template,
            transport: this.transport.name,
            attempt,
            outcome,
            error,
            ms: Math.round(performance.now() - started),
            ...(kept ? {} : { leaseLost: true }),
        }, 'mail delivery');
        // Consulted before every attempt, retries included: an address suppressed meanwhile is not mailed.
        const suppression = await this.suppressions.find(m.to_addr);
        if (suppression) {
            const reason = `suppressed: the address is on the suppression list (${suppression.reason})`;
            report('suppressed', reason, await this.store.markSuppressed(m, reason, performance.now() - started));
            return;
        }
        let mail;
        try {
            mail = this.compose(m);
        }
        catch (err) {
            // Rendering is deterministic: it would fail the same way next time, so this is final.
            const reason = `cannot render: ${err instanceof Error ? err.message : 'unknown error'}`;
            report('failed', reason, await this.store.markFailed(m, reason, performance.now() - started));
            return;
        }
        let failure;
        try {
            await this.transport.send(mail);
        }
        catch (err) {
            failure =
                err instanceof mail_transport_port_1.TransportError ? err : new mail_transport_port_1.TransportError('retryable', 'unexpected transport error');
        }
        // Bookkeeping stays outside the try: a database error after a successful send must not be
        // mistaken for a failed send (the lease then expires and recovery decides, at-least-once).
        const ms = performance.now() - started;
        if (failure === undefined) {
            report('sent', undefined, await this.store.markSent(m, ms));
            return;
        }
        const verdict = (0, retry_policy_1.afterFailure)(failure.kind, failure.message, attempt);
        if (verdict.outcome === 'failed') {
            report('failed', verdict.reason, await this.store.markFailed(m, verdict.reason, ms));
            if (failure instanceof mail_transport_port_1.HardBounceError)
                await this.suppressHardBounce(m);
        }
        else
            report('retry', failure.message, await this.store.markRetry(m, failure.message, verdict.delayMs, ms));
    }
    /** The mailbox does not exist: stop mailing it (docs/mail.md, "Suppression list"). */
    async suppressHardBounce(m) {
        try {
            await this.suppressions.add(m.to_addr, 'hard_bounce', this.transport.name);
            this.log.info({ mailId: m.id, transport: this.transport.name }, 'mail: recipient suppressed (hard bounce)');
        }
        catch (err) {
            this.log.error({ err, mailId: m.id }, 'mail: could not record a hard bounce');
        }
    }
    compose(m) {
        const body = this.render(m);
        const name = m.to_name === null ? undefined : (0, template_renderer_1.cleanHeaderText)(m.to_name);
        return {
            messageId: m.message_id,
            from: this.from,
            to: name ? { name, address: m.to_addr } : { address: m.to_addr },
            subject: body.subject,
            text: body.text,
            html: body.html,
            ...(m.attachments && m.attachments.length > 0
                ? {
                    attachments: m.attachments.map((a) => ({
                        filename: a.filename,
                        contentType: a.contentType,
                        content: Buffer.from(a.content, 'base64'),
                    })),
                }
                : {}),
            headers: {
                // RFC 3834: tells auto-responders (vacation replies) not to answer.
                'Auto-Submitted': 'auto-generated',
                'X-Auto-Response-Suppress': 'OOF, AutoReply',
            },
        };
    }
    render(m) {
        if (m.template === null)
            return { subject: (0, template_renderer_1.cleanHeaderText)(m.subject ?? ''), text: m.text_body ?? '', html: m.html_body ?? '' };
        const template = (0, template_registry_1.findTemplate)(m.template);
        if (!template)
            throw new RenderError(`unknown template "${m.template}"`);
        let secrets = {};
        if (m.sealed !== null) {
            try {
                secrets = (0, secrets_seal_1.openSecrets)(this.config.keys.seal, m.id, m.sealed);
            }
            catch {
                // Wrong key (JWT_SECRET changed) or altered row: the secrets are gone for good.
                throw new RenderError('sealed secrets do not open (was JWT_SECRET changed?)');
            }
        }
        return (0, template_renderer_1.renderTemplate)(template, m.locale ?? 'en', { ...(m.data ?? {}), ...secrets }, new Date(m.created_at));
    }
};
exports.MailWorker = MailWorker;
exports.MailWorker = MailWorker = __decorate([
    (0, common_1.Injectable)(),
    __param(1, (0, common_1.Inject)(mail_transport_port_1.MAIL_TRANSPORT)),
    __param(2, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(3, (0, common_1.Inject)(tokens_1.LOGGER)),
    __param(4, (0, common_1.Inject)(mail_port_1.SUPPRESSION_LIST)),
    __metadata("design:paramtypes", [outbox_store_1.OutboxStore, Object, Object, Object, Object])
], MailWorker);
//# sourceMappingURL=mail.worker.js.map