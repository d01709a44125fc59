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
exports.OutboxStore = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const mail_port_1 = require("../mail.port");
const mail_from_parser_1 = require("../mail-from.parser");
const template_registry_1 = require("../templates/template.registry");
const template_renderer_1 = require("../templates/template.renderer");
const secrets_seal_1 = require("./secrets.seal");
const CLAIMED_COLUMNS = `id, message_id, to_addr, to_name, subject, template, locale, data, text_body, html_body,
  attachments, sealed, attempts_made, created_at, lease_id`;
/**
 * The outbox table and its state machine (docs/mail.md):
 *   queued → sending → sent | retrying | failed,   retrying → sending → …
 * Every settle writes the attempt row and the new state in one transaction, and only while the
 * caller still holds the lease, so a worker that lost its lease cannot overwrite a newer outcome.
 */
let OutboxStore = class OutboxStore {
    config;
    db;
    domain;
    constructor(config, db) {
        this.config = config;
        this.db = db;
        this.domain = (0, mail_from_parser_1.messageIdDomain)((0, mail_from_parser_1.parseMailFrom)(config.mail.from));
    }
    async insert(tx, mail) {
        // Fail inside the caller's transaction, where its tests see it, not later in the worker.
        (0, template_registry_1.assertRenderable)(mail.template, [...Object.keys(mail.data), ...Object.keys(mail.secrets ?? {})]);
        if (!mail_port_1.LOCALES.includes(mail.locale))
            throw new mail_port_1.MailRejectedError('locale', `unsupported locale "${mail.locale}"`);
        const id = (0, node_crypto_1.randomUUID)();
        const createdAt = new Date();
        const sealed = mail.secrets && Object.keys(mail.secrets).length > 0
            ? (0, secrets_seal_1.sealSecrets)(this.config.keys.seal, id, mail.secrets)
            : null;
        return this.write(tx, id, createdAt, {
            to: mail.to,
            // Stored for GET /emails/:id; the worker renders the whole mail again (same values, same
            // created_at, so the same subject). Templates must not put secrets in a subject.
            subject: this.renderedSubject(mail, createdAt),
            template: mail.template,
            locale: mail.locale,
            data: mail.data,
            sealed,
            attachments: mail.attachments,
        });
    }
    /** A message the caller wrote: stored as given, sent without rendering. */
    insertRaw(tx, mail) {
        return this.write(tx, (0, node_crypto_1.randomUUID)(), new Date(), {
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            attachments: mail.attachments,
        });
    }
    renderedSubject(mail, createdAt) {
        const template = (0, template_registry_1.findTemplate)(mail.template);
        if (!template)
            throw new mail_port_1.MailRejectedError('template', `unknown mail template "${mail.template}"`);
        try {
            return (0, template_renderer_1.renderTemplate)(template, mail.locale, { ...mail.data, ...mail.secrets }, createdAt).subject;
        }
        catch (err) {
            // A value the template cannot show (e.g. not an ISO time for `| datetime`): it would fail in
            // the worker too, so refuse it now.
            if (err instanceof template_renderer_1.TemplateError)
                throw new mail_port_1.MailRejectedError('data', err.message);
            throw err;
        }
    }
    async write(tx, id, createdAt, m) {
        // Fixed now and reused by every retry: a receiver that got the first copy can drop a duplicate.
        const messageId = `<${(0, node_crypto_1.randomUUID)()}@${this.domain}>`;
        await tx.query(`INSERT INTO messages (id, message_id, to_addr, to_name, subject, template, locale, data, text_body,
                             html_body, attachments, sealed, status, transport, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12, 'queued', $13, $14, $14)`, [
            id,
            messageId,
            m.to.address,
            m.to.name ?? null,
            m.subject,
            m.template ?? null,
            m.locale ?? null,
            m.data === undefined ? null : JSON.stringify(m.data),
            m.text ?? null,
            m.html ?? null,
            m.attachments && m.attachments.length > 0 ? JSON.stringify(m.attachments) : null,
            m.sealed ?? null,
            this.config.mail.transport,
            createdAt,
        ]);
        return { id, messageId };
    }
    /** One message and its attempts, oldest first; no body, no secrets. */
    async find(id, db = this.db) {
        const [row] = await db.query(`SELECT id, status, to_addr, subject, transport, message_id, created_at, sent_at
         FROM messages WHERE id = $1`, [id]);
        if (!row)
            return undefined;
        const attempts = await db.query('SELECT at, outcome, error FROM message_attempts WHERE message_id = $1 ORDER BY id', [id]);
        return {
            id: row.id,
            status: row.status,
            to: row.to_addr,
            subject: row.subject ?? '',
            attempts: attempts.map((a) => ({
                at: new Date(a.at),
                outcome: a.outcome,
                ...(a.error === null ? {} : { error: a.error }),
            })),
            transport: row.transport,
            messageId: row.message_id,
            createdAt: new Date(row.created_at),
            ...(row.sent_at === null ? {} : { sentAt: new Date(row.sent_at) }),
        };
    }
    /**
     * Takes up to `limit` due messages for `leaseMs`. SKIP LOCKED lets several workers (the
     * distributed profile) claim side by side without waiting on or double-taking each other's rows.
     */
    async claim(limit, leaseMs) {
        return this.db.query(`UPDATE messages
          SET status = 'sending', locked_until = now() + $2::int * interval '1 millisecond',
              lease_id = $3, attempts_made = attempts_made + 1, updated_at = now()
        WHERE id IN (SELECT id FROM messages
                      WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
                      ORDER BY next_attempt_at
                      LIMIT $1
                      FOR UPDATE SKIP LOCKED)
      RETURNING ${CLAIMED_COLUMNS}`, [limit, leaseMs, (0, node_crypto_1.randomUUID)()]);
    }
    /**
     * A `sending` row whose lease ran out belongs to a worker that died mid-send. Whether its
     * provider accepted the mail is unknown, so it goes back to `retrying` (at-least-once), or to
     * `failed` when it has used all its attempts. Either way the lost attempt is written down.
     */
    async recoverExpiredLeases(maxAttempts) {
        const rows = await this.db.query(`WITH lost AS (
         UPDATE messages
            SET status = CASE WHEN attempts_made >= $1 THEN 'failed' ELSE 'retrying' END,
                sealed = CASE WHEN attempts_made >= $1 THEN NULL ELSE sealed END,
                last_error = $2, next_attempt_at = now(), locked_until = NULL, lease_id = NULL,
                updated_at = now()
          WHERE id IN (SELECT id FROM messages
                        WHERE status = 'sending' AND locked_until < now()
                        FOR UPDATE SKIP LOCKED)
         RETURNING id, status)
       INSERT INTO message_attempts (message_id, outcome, error)
       SELECT id, CASE WHEN status = 'failed' THEN 'failed' ELSE 'retry' END, $2 FROM lost
       RETURNING message_id AS id`, [maxAttempts, 'interrupted: the worker stopped before the send finished (lease expired)']);
        return rows.length;
    }
    markSent(m, ms) {
        return this.settle(m, { outcome: 'sent', ms }, `UPDATE messages SET status = 'sent', sent_at = now(), sealed = NULL, last_error = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`, []);
    }
    markRetry(m, error, delayMs, ms) {
        return this.settle(m, { outcome: 'retry', error, ms }, `UPDATE messages SET status = 'retrying', last_error = $3,
              next_attempt_at = now() + $4::int * interval '1 millisecond',
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`, [error, Math.round(delayMs)]);
    }
    /** Final: the sealed secrets are wiped, since nothing will ever render this message again. */
    markFailed(m, error, ms) {
        return this.settle(m, { outcome: 'failed', error, ms }, `UPDATE messages SET status = 'failed', last_error = $3, sealed = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`, [error]);
    }
    /** Final, nothing sent: the recipient is on the suppression list. */
    markSuppressed(m, reason, ms) {
        return this.settle(m, { outcome: 'suppressed', error: reason, ms }, `UPDATE messages SET status = 'suppressed', last_error = $3, sealed = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`, [reason]);
    }
    /** Shutdown: hands a claimed-but-unfinished message back, due at once, its attempt not counted. */
    async release(m) {
        await this.db.query(`UPDATE messages
          SET status = CASE WHEN attempts_made <= 1 THEN 'queued' ELSE 'retrying' END,
              attempts_made = attempts_made - 1, next_attempt_at = now(),
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`, [m.id, m.lease_id]);
    }
    /** Writes the attempt and the new state together; false when the lease was lost meanwhile. */
    async settle(m, attempt, update, params) {
        return this.db.transaction(async (tx) => {
            const updated = await tx.query(`${update} RETURNING id`, [m.id, m.lease_id, ...params]);
            if (updated.length === 0)
                return false;
            await tx.query('INSERT INTO message_attempts (message_id, outcome, error, duration_ms) VALUES ($1, $2, $3, $4)', [m.id, attempt.outcome, attempt.error ?? null, Math.round(attempt.ms)]);
            return true;
        });
    }
};
exports.OutboxStore = OutboxStore;
exports.OutboxStore = OutboxStore = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.DB)),
    __metadata("design:paramtypes", [Object, Object])
], OutboxStore);
//# sourceMappingURL=outbox.store.js.map