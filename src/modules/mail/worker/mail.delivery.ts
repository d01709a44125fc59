import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { type AppMetrics, METRICS } from '../../metrics/metrics.port';
import {
  type AttemptRecord,
  SEND_GUARDS,
  type SendGuards,
  type SendVerdict,
  SUPPRESSION_LIST,
  type SuppressionList,
} from '../mail.port';
import { parseMailFrom, type Sender } from '../mail-from.parser';
import { type ClaimedMessage, OutboxStore } from '../outbox/outbox.store';
import { openSecrets } from '../outbox/secrets.seal';
import { findTemplate } from '../templates/template.registry';
import { cleanHeaderText, type RenderedMail, renderTemplate } from '../templates/template.renderer';
import {
  HardBounceError,
  MAIL_TRANSPORT,
  type MailTransport,
  type OutgoingMail,
  TransportError,
} from '../transports/mail-transport.port';
import { afterFailure } from './retry.policy';
import { TransportPause } from './transport-pause';

class RenderError extends Error {}

/** The message as the guard said to send it: its recipient, locale and values over the stored ones. */
function withVerdict(m: ClaimedMessage, v: SendVerdict & { kind: 'send' }): ClaimedMessage {
  return {
    ...m,
    ...(v.to ? { to_addr: v.to.address, to_name: v.to.name ?? null } : {}),
    ...(v.locale ? { locale: v.locale } : {}),
    ...(v.data ? { data: { ...(m.data ?? {}), ...v.data } } : {}),
  };
}

/** How one attempt ended, for the worker that ran it. */
export interface DeliveryResult {
  outcome: AttemptRecord['outcome'];
  /** False when the lease was lost meanwhile: the outcome was not recorded (someone else owns the row). */
  kept: boolean;
  /** For `retry` and `throttled`: when the next attempt is due, from now (the row's next_attempt_at). */
  retryInMs?: number;
}

/**
 * The delivery of one claimed message, shared by both workers (the embedded profile's SQL poller,
 * worker/mail.worker.ts, and the distributed profile's BullMQ consumer, worker/queue.worker.ts):
 * suppression check → the template's send guard, if it has one (mail.port.ts, SendGuard) → render
 * from the template and the unsealed secrets → send through the configured transport → record the
 * attempt and the new state, only while the lease is held.
 */
@Injectable()
export class MailDelivery {
  private readonly from: Sender;

  constructor(
    private readonly store: OutboxStore,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(SUPPRESSION_LIST) private readonly suppressions: SuppressionList,
    @Inject(METRICS) private readonly metrics: AppMetrics,
    @Inject(SEND_GUARDS) private readonly guards: SendGuards,
    /** A transport that throttled us is not used until its pause ends (transport-pause.ts). */
    readonly pause: TransportPause,
  ) {
    this.from = parseMailFrom(config.mail.from);
  }

  get transportName(): string {
    return this.transport.name;
  }

  /** Closes the transport's connections (after the last send). */
  close(): Promise<void> {
    return this.transport.close();
  }

  async deliver(m: ClaimedMessage): Promise<DeliveryResult> {
    const started = performance.now();
    const attempt = m.attempts_made;
    const report = (outcome: AttemptRecord['outcome'], error?: string, kept = true) => {
      this.metrics.delivery(this.transport.name, outcome, (performance.now() - started) / 1000);
      this.log[outcome === 'sent' || outcome === 'suppressed' ? 'info' : 'warn'](
        {
          mailId: m.id,
          messageId: m.message_id,
          template: m.template,
          transport: this.transport.name,
          attempt,
          outcome,
          error,
          ms: Math.round(performance.now() - started),
          ...(kept ? {} : { leaseLost: true }),
        },
        'mail delivery',
      );
    };

    // Consulted before every attempt, retries included: an address suppressed meanwhile is not mailed.
    const suppression = await this.suppressions.find(m.to_addr);
    if (suppression) {
      const reason = `suppressed: the address is on the suppression list (${suppression.reason})`;
      const kept = await this.store.markSuppressed(m, reason, performance.now() - started);
      report('suppressed', reason, kept);
      return { outcome: 'suppressed', kept };
    }
    let verdict: SendVerdict;
    try {
      verdict = await this.guard(m);
    } catch (err) {
      // The guard could not tell (its database was away): like a transport's temporary failure.
      this.log.error({ err, mailId: m.id, template: m.template }, 'mail: the send guard failed');
      return this.failed(m, new TransportError('retryable', 'send guard unavailable'), started, report);
    }
    if (verdict.kind === 'drop') {
      // Final, nothing sent: the feature that enqueued it says there is no one to send it to.
      const reason = `suppressed: ${verdict.reason}`;
      const kept = await this.store.markSuppressed(m, reason, performance.now() - started);
      report('suppressed', reason, kept);
      return { outcome: 'suppressed', kept };
    }
    let toSend: ClaimedMessage;
    if (verdict.kind === 'replace') {
      // Written before the send (a database error here is bookkeeping, as below): the secrets are
      // gone whether or not the send succeeds, and a retry sends the replacement as stored.
      const replaced = await this.store.replace(m, verdict.mail);
      if (!replaced) {
        report('retry', 'lease lost before the replacement was written', false);
        return { outcome: 'retry', kept: false };
      }
      toSend = replaced;
    } else toSend = withVerdict(m, verdict);
    let mail: OutgoingMail;
    try {
      mail = this.compose(toSend);
    } catch (err) {
      // Rendering is deterministic: it would fail the same way next time, so this is final.
      const reason = `cannot render: ${err instanceof Error ? err.message : 'unknown error'}`;
      const kept = await this.store.markFailed(m, reason, performance.now() - started);
      report('failed', reason, kept);
      return { outcome: 'failed', kept };
    }
    let failure: TransportError | undefined;
    const sendStarted = Date.now();
    try {
      await this.transport.send(mail);
    } catch (err) {
      failure =
        err instanceof TransportError ? err : new TransportError('retryable', 'unexpected transport error');
    }
    // Bookkeeping stays outside the try: a database error after a successful send must not be
    // mistaken for a failed send (the lease then expires and recovery decides, at-least-once).
    const ms = performance.now() - started;
    if (failure?.kind === 'throttled') {
      // Not the message's fault: back to the queue for when the pause ends, the attempt not counted.
      const until = this.pause.throttled(this.transport.name, sendStarted, failure.retryAfterMs);
      const retryInMs = Math.max(0, until - Date.now());
      const kept = await this.store.markThrottled(m, failure.message, retryInMs, ms);
      report('throttled', failure.message, kept);
      return { outcome: 'throttled', kept, retryInMs };
    }
    this.pause.answered(this.transport.name, sendStarted);
    if (failure === undefined) {
      const kept = await this.store.markSent(m, ms);
      report('sent', undefined, kept);
      return { outcome: 'sent', kept };
    }
    return this.failed(m, failure, started, report);
  }

  /** A failed attempt: retried later, or final when the error says so or the attempts ran out. */
  private async failed(
    m: ClaimedMessage,
    failure: TransportError,
    started: number,
    report: (outcome: AttemptRecord['outcome'], error?: string, kept?: boolean) => void,
  ): Promise<DeliveryResult> {
    const ms = performance.now() - started;
    const verdict = afterFailure(failure.kind, failure.message, m.attempts_made);
    if (verdict.outcome === 'failed') {
      const kept = await this.store.markFailed(m, verdict.reason, ms);
      report('failed', verdict.reason, kept);
      if (failure instanceof HardBounceError) await this.suppressHardBounce(m);
      return { outcome: 'failed', kept };
    }
    // The provider's own Retry-After (a 503 that said when) is a floor for the next try.
    const delayMs = Math.max(verdict.delayMs, failure.retryAfterMs ?? 0);
    const kept = await this.store.markRetry(m, failure.message, delayMs, ms);
    report('retry', failure.message, kept);
    return { outcome: 'retry', kept, retryInMs: delayMs };
  }

  /** The template's guard's verdict; a message without one (or a raw one) is sent as stored. */
  private async guard(m: ClaimedMessage): Promise<SendVerdict> {
    if (m.template === null) return { kind: 'send' };
    const guard = this.guards.find(m.template);
    if (!guard) return { kind: 'send' };
    return guard.check({
      id: m.id,
      to: m.to_addr,
      template: m.template,
      locale: m.locale,
      data: m.data ?? {},
    });
  }

  /** The mailbox does not exist: stop mailing it (docs/mail.md, "Suppression list"). */
  private async suppressHardBounce(m: ClaimedMessage): Promise<void> {
    try {
      await this.suppressions.add(m.to_addr, 'hard_bounce', this.transport.name);
      this.log.info(
        { mailId: m.id, transport: this.transport.name },
        'mail: recipient suppressed (hard bounce)',
      );
    } catch (err) {
      this.log.error({ err, mailId: m.id }, 'mail: could not record a hard bounce');
    }
  }

  private compose(m: ClaimedMessage): OutgoingMail {
    const body = this.render(m);
    const name = m.to_name === null ? undefined : cleanHeaderText(m.to_name);
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

  private render(m: ClaimedMessage): RenderedMail {
    if (m.template === null)
      return { subject: cleanHeaderText(m.subject ?? ''), text: m.text_body ?? '', html: m.html_body ?? '' };
    const template = findTemplate(m.template);
    if (!template) throw new RenderError(`unknown template "${m.template}"`);
    let secrets: Record<string, string> = {};
    if (m.sealed !== null) {
      try {
        secrets = openSecrets(this.config.keys.seal, m.id, m.sealed);
      } catch {
        // Wrong key (JWT_SECRET changed) or altered row: the secrets are gone for good.
        throw new RenderError('sealed secrets do not open (was JWT_SECRET changed?)');
      }
    }
    return renderTemplate(
      template,
      m.locale ?? 'en',
      { ...(m.data ?? {}), ...secrets },
      new Date(m.created_at),
    );
  }
}
