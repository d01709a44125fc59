import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { SUPPRESSION_LIST, type SuppressionList } from '../mail.port';
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
import { afterFailure, RETRY } from './retry.policy';

export const WORKER = {
  /**
   * Sends in flight at once. Twice the SMTP pool's connections: a connection never idles while
   * its next message is being settled, and more sends finish together, so their settles (and
   * suppression lookups) share statements (see OutboxStore.markSent).
   */
  concurrency: 16,
  /**
   * Claimed messages held ready beyond those in flight, so a finished send is replaced at once and
   * claims go in batches (one UPDATE … RETURNING for at least this many) instead of one per send.
   */
  prefetch: 8,
  /** How long a claim lasts; longer than any send can take (the SMTP timeouts add up to well under it). */
  leaseMs: 2 * 60_000,
  /** Polling when nobody calls wake(): due retries and other processes' messages are found this fast. */
  pollMs: 1_000,
  /** At shutdown, how long in-flight sends may take to finish before their messages are released. */
  drainMs: 10_000,
} as const;

class RenderError extends Error {}

/**
 * Delivers the outbox. Claims due messages (and reclaims ones whose worker died), renders each
 * from its template and unsealed secrets, sends it through the configured transport and records the
 * attempt. Runs in every process that has the mail module; several workers share the table safely.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private readonly inFlight = new Map<string, { message: ClaimedMessage; done: Promise<void> }>();
  /** Claimed, not yet started; `claimedAt` bounds how long a message waits here on its lease. */
  private readonly ready: Array<{ message: ClaimedMessage; claimedAt: number }> = [];
  private tickPromise?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private lastRecovery = 0;
  private readonly from: Sender;

  constructor(
    private readonly store: OutboxStore,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(SUPPRESSION_LIST) private readonly suppressions: SuppressionList,
  ) {
    this.from = parseMailFrom(config.mail.from);
  }

  get isRunning(): boolean {
    return this.running;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.wake();
  }

  /** Claims now (coalesced: a wake during a claim makes one more claim, not many). */
  wake(): void {
    if (!this.running) return;
    if (this.tickPromise) {
      this.again = true;
      return;
    }
    this.tickPromise = this.tick().finally(() => {
      this.tickPromise = undefined;
      // A wake that arrived after the last claim of that tick must not wait for the next poll.
      if (this.again) this.wake();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    await this.tickPromise;
    // Claimed but never started: back at once, their attempts not counted.
    for (const { message } of this.ready.splice(0)) await this.release(message);
    let bound: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled([...this.inFlight.values()].map((f) => f.done)).then(() => true),
      new Promise<false>((resolve) => (bound = setTimeout(resolve, WORKER.drainMs, false))),
    ]);
    clearTimeout(bound);
    if (!drained) {
      // Give the rest back now rather than let them wait out their lease: another process (or this
      // one, restarted) sends them. If a send did go through meanwhile, that is a duplicate with the
      // same Message-ID, which is the at-least-once promise.
      for (const { message } of this.inFlight.values()) await this.release(message);
      this.log.warn({ released: this.inFlight.size }, 'mail worker stopped with sends in flight');
    }
    await this.transport.close();
  }

  private async tick(): Promise<void> {
    clearTimeout(this.timer);
    try {
      do {
        this.again = false;
        if (Date.now() - this.lastRecovery >= WORKER.pollMs) {
          this.lastRecovery = Date.now();
          const recovered = await this.store.recoverExpiredLeases(RETRY.maxAttempts);
          if (recovered > 0) this.log.warn({ recovered }, 'mail: reclaimed messages whose lease expired');
        }
        this.startReady();
        // Enough in hand: a finishing send starts the next one and wakes us when the buffer runs low.
        const held = this.inFlight.size + this.ready.length;
        if (held > WORKER.concurrency) break;
        const room = WORKER.concurrency + WORKER.prefetch - held;
        const claimed = await this.store.claim(room, WORKER.leaseMs);
        const claimedAt = Date.now();
        for (const message of claimed) {
          if (this.running) this.ready.push({ message, claimedAt });
          else await this.release(message);
        }
        this.startReady();
        if (claimed.length === room) this.again = true; // there may be more due
      } while (this.again && this.running);
    } catch (err) {
      if (this.running) this.log.error({ err }, 'mail worker could not claim messages');
    } finally {
      // Not unref'd: a worker-only process (`mailgate worker`) has nothing else keeping it alive.
      if (this.running) this.timer = setTimeout(() => this.wake(), WORKER.pollMs);
    }
  }

  /** Starts claimed messages while there is room in flight. */
  private startReady(): void {
    while (this.running && this.inFlight.size < WORKER.concurrency && this.ready.length > 0) {
      const { message, claimedAt } = this.ready.shift() as (typeof this.ready)[number];
      // Waited half its lease here (a stalled transport): do not start a send that could outlive
      // the lease and be duplicated by a recovering worker; give it back instead.
      if (Date.now() - claimedAt > WORKER.leaseMs / 2) void this.release(message);
      else this.start(message);
    }
  }

  private release(message: ClaimedMessage): Promise<void> {
    return this.store
      .release(message)
      .catch((err: unknown) => this.log.error({ err, mailId: message.id }, 'mail release failed'));
  }

  private start(message: ClaimedMessage): void {
    const done = this.deliver(message)
      .catch((err: unknown) =>
        this.log.error({ err, mailId: message.id }, 'mail delivery bookkeeping failed'),
      )
      .finally(() => {
        this.inFlight.delete(message.id);
        this.startReady();
        if (this.inFlight.size + this.ready.length <= WORKER.concurrency) this.wake();
      });
    this.inFlight.set(message.id, { message, done });
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const started = performance.now();
    const attempt = m.attempts_made;
    const report = (outcome: 'sent' | 'retry' | 'failed' | 'suppressed', error?: string, kept = true) =>
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

    // Consulted before every attempt, retries included: an address suppressed meanwhile is not mailed.
    const suppression = await this.suppressions.find(m.to_addr);
    if (suppression) {
      const reason = `suppressed: the address is on the suppression list (${suppression.reason})`;
      report('suppressed', reason, await this.store.markSuppressed(m, reason, performance.now() - started));
      return;
    }
    let mail: OutgoingMail;
    try {
      mail = this.compose(m);
    } catch (err) {
      // Rendering is deterministic: it would fail the same way next time, so this is final.
      const reason = `cannot render: ${err instanceof Error ? err.message : 'unknown error'}`;
      report('failed', reason, await this.store.markFailed(m, reason, performance.now() - started));
      return;
    }
    let failure: TransportError | undefined;
    try {
      await this.transport.send(mail);
    } catch (err) {
      failure =
        err instanceof TransportError ? err : new TransportError('retryable', 'unexpected transport error');
    }
    // Bookkeeping stays outside the try: a database error after a successful send must not be
    // mistaken for a failed send (the lease then expires and recovery decides, at-least-once).
    const ms = performance.now() - started;
    if (failure === undefined) {
      report('sent', undefined, await this.store.markSent(m, ms));
      return;
    }
    const verdict = afterFailure(failure.kind, failure.message, attempt);
    if (verdict.outcome === 'failed') {
      report('failed', verdict.reason, await this.store.markFailed(m, verdict.reason, ms));
      if (failure instanceof HardBounceError) await this.suppressHardBounce(m);
    } else
      report('retry', failure.message, await this.store.markRetry(m, failure.message, verdict.delayMs, ms));
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
