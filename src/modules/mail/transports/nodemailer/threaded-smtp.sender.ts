import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { XOAuth2Token } from 'nodemailer';
import type { AppConfig } from '../../../../config/config';
import { settledWithin } from '../../../../common/lifecycle/bounded';
import { HardBounceError, type OutgoingMail, type SendResult, TransportError } from '../mail-transport.port';
import type { SmtpEndpoint } from './nodemailer-smtp.sender';
import type {
  FailureData,
  FromSenderThread,
  SenderThreadSetup,
  SmtpFailureFields,
  ToSenderThread,
} from './smtp-sender.thread';

/** How long close() waits for the thread to end its SMTP sessions politely (QUIT) before ending it. */
const CLOSE_MS = 5_000;

function transportError(f: FailureData): TransportError {
  return f.hardBounce
    ? new HardBounceError(f.message)
    : new TransportError(f.kind, f.message, f.retryAfterMs);
}

/**
 * NodemailerSmtpSender on its own thread (smtp-sender.thread.ts), for every SMTP transport: the
 * same pool, options and error classes, but building the message and the SMTP client's work run on
 * another core than the app's main thread. The main thread only posts the message and gets back
 * the outcome; sends and outcomes that happen in the same turn cross as one message each way. A
 * transport with error rules of its own (Gmail) gets nodemailer's error fields to classify here,
 * on the main thread, and nodemailer's refreshed OAuth2 tokens through onToken().
 *
 * A thread that dies (an uncaught error in it) fails its in-flight sends as retryable, and the
 * next send starts a new one: the worker's retry policy covers them as it covers a dropped
 * connection.
 */
export class ThreadedSmtpSender {
  private thread?: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (r: SendResult) => void; reject: (e: TransportError) => void }
  >();
  private outbox: Array<{ id: number; mail: OutgoingMail }> = [];
  private nextId = 1;
  private closed = false;
  private readonly tokenListeners: ((token: XOAuth2Token) => void)[] = [];

  constructor(
    readonly endpoint: SmtpEndpoint,
    private readonly dkim?: AppConfig['mail']['dkim'],
    /** Classifies nodemailer's failures again; the thread's SMTP classification when absent. */
    private readonly classify?: (failure: SmtpFailureFields) => TransportError,
  ) {}

  /** nodemailer's 'token' event: an OAuth2 access token was refreshed (never logged). */
  onToken(listener: (token: XOAuth2Token) => void): void {
    this.tokenListeners.push(listener);
  }

  send(mail: OutgoingMail): Promise<SendResult> {
    if (this.closed) return Promise.reject(new TransportError('retryable', 'the SMTP sender is closed'));
    const id = this.nextId++;
    return new Promise<SendResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.started().ref(); // an outcome is awaited: keep the process alive for it
      if (this.outbox.push({ id, mail }) === 1) setImmediate(() => this.post());
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    this.post(); // sends already accepted go before the close, in order
    const done = new Promise<void>((resolve) => {
      thread.on('message', (m: FromSenderThread) => m.type === 'closed' && resolve());
      thread.once('exit', () => resolve());
    });
    thread.postMessage({ type: 'close' } satisfies ToSenderThread);
    await settledWithin(done, CLOSE_MS);
    await thread.terminate();
  }

  private post(): void {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length > 0) this.started().postMessage({ type: 'send', batch } satisfies ToSenderThread);
  }

  private started(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(path.join(__dirname, 'smtp-sender.thread.js'), {
      workerData: { endpoint: this.endpoint, dkim: this.dkim } satisfies SenderThreadSetup,
    });
    thread.on('message', (m: FromSenderThread) => {
      if (m.type === 'done') this.settle(m.results);
      else if (m.type === 'token') for (const listener of this.tokenListeners) listener(m.token);
    });
    thread.on('error', () => undefined); // the 'exit' that follows fails what was in flight
    thread.once('exit', () => {
      if (this.thread === thread) this.thread = undefined;
      const lost = [...this.pending.values()];
      this.pending.clear();
      this.outbox = [];
      // Also the messages posted but not yet sent: whether any reached the server is unknown.
      for (const p of lost) p.reject(new TransportError('retryable', 'the SMTP sender thread stopped'));
    });
    thread.unref();
    this.thread = thread;
    return thread;
  }

  private settle(results: Extract<FromSenderThread, { type: 'done' }>['results']): void {
    for (const r of results) {
      const p = this.pending.get(r.id);
      if (!p) continue;
      this.pending.delete(r.id);
      if ('ok' in r) p.resolve(r.ok);
      else
        p.reject(this.classify && r.failure.smtp ? this.classify(r.failure.smtp) : transportError(r.failure));
    }
    if (this.pending.size === 0) this.thread?.unref();
  }
}
