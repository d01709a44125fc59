import { parentPort, workerData } from 'node:worker_threads';
import type { XOAuth2Token } from 'nodemailer';
import type { AppConfig } from '../../../../config/config';
import { HardBounceError, type OutgoingMail, TransportError } from '../mail-transport.port';
import { NodemailerSmtpSender, SMTP_POOL, type SmtpEndpoint } from './nodemailer-smtp.sender';
import { classifySmtpError } from './smtp-error.classifier';

/** What the thread is started with (structured-cloned: plain data only). */
export interface SenderThreadSetup {
  endpoint: SmtpEndpoint;
  dkim?: AppConfig['mail']['dkim'];
}

/** Main thread → sender thread: messages to send, or the last word. */
export type ToSenderThread =
  { type: 'send'; batch: Array<{ id: number; mail: OutgoingMail }> } | { type: 'close' };

/** The fields of a nodemailer error that classifiers read (smtp-error.classifier.ts), as plain data. */
export interface SmtpFailureFields {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
  rejectedErrors?: Array<{ responseCode?: number; response?: string }>;
}

/** A TransportError as it crosses the thread boundary (a class instance would arrive as a plain object). */
export interface FailureData {
  kind: TransportError['kind'];
  message: string;
  retryAfterMs?: number;
  hardBounce: boolean;
  /**
   * What nodemailer said, when the failure came from it: a transport with rules of its own (Gmail's
   * XOAUTH2 login) classifies these again on the main thread, where its state is.
   */
  smtp?: SmtpFailureFields;
}

/** Sender thread → main thread: how each send ended, several per message when they end together. */
export type FromSenderThread =
  | {
      type: 'done';
      results: Array<
        { id: number; ok: { accepted: string[]; response: string } } | { id: number; failure: FailureData }
      >;
    }
  /** nodemailer refreshed the XOAUTH2 access token (its 'token' event). */
  | { type: 'token'; token: XOAuth2Token }
  | { type: 'closed' };

export function failureData(err: TransportError, cause?: unknown): FailureData {
  return {
    kind: err.kind,
    message: err.message,
    retryAfterMs: err.retryAfterMs,
    hardBounce: err instanceof HardBounceError,
    smtp: cause === undefined ? undefined : smtpFailureFields(cause),
  };
}

function smtpFailureFields(err: unknown): SmtpFailureFields {
  const e = (err ?? {}) as SmtpFailureFields;
  return {
    code: e.code,
    originalCode: e.originalCode,
    responseCode: e.responseCode,
    response: e.response,
    command: e.command,
    message: e.message,
    rejectedErrors: e.rejectedErrors?.map((r) => ({ responseCode: r.responseCode, response: r.response })),
  };
}

/**
 * Sends handed to nodemailer at once: the pool's connections and as many queued behind them, so a
 * connection goes straight on to its next message. The worker keeps more in flight (for batching);
 * those wait here, where they can still be held back when the server throttles (below).
 */
export const STARTED_MAX = SMTP_POOL.maxConnections * 2;

/**
 * The sender thread (threaded-smtp.sender.ts starts it): owns nodemailer's pool, builds each MIME
 * message and speaks SMTP, so that work runs on another core than the app's main thread (HTTP,
 * PGlite, the worker's bookkeeping). Errors are classified here, as in the single-thread sender.
 *
 * A throttled answer (SMTP 454) makes the worker pause the transport (worker/transport-pause.ts);
 * the sends still waiting here are then not tried against a server that asked for quiet: each ends
 * as throttled at once (its attempt recorded, not counted), as if that server had refused it too.
 */
function serve(setup: SenderThreadSetup): void {
  const port = parentPort;
  if (!port) throw new Error('smtp-sender.thread must run as a worker thread');
  // Classified here for the hold-back below; nodemailer's own error goes along as the cause.
  const sender = new NodemailerSmtpSender(setup.endpoint, setup.dkim, (err) =>
    Object.assign(classifySmtpError(err), { cause: err }),
  );
  sender.onToken((token) => port.postMessage({ type: 'token', token } satisfies FromSenderThread));
  type Job = { id: number; mail: OutgoingMail };
  type Result = Extract<FromSenderThread, { type: 'done' }>['results'][number];
  const waiting: Job[] = [];
  let started = 0;
  let results: Result[] = [];
  let flushing = false;
  // Sends that end in the same turn of this thread's loop go back as one message.
  const flush = () => {
    flushing = false;
    const done = results;
    results = [];
    port.postMessage({ type: 'done', results: done } satisfies FromSenderThread);
  };
  const finished = (r: Result) => {
    results.push(r);
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };
  const failWaiting = (failure: FailureData) => {
    for (const { id } of waiting.splice(0)) finished({ id, failure });
  };
  const start = ({ id, mail }: Job) => {
    started++;
    sender
      .send(mail)
      .then(
        (ok) => finished({ id, ok }),
        (err: unknown) => {
          const failure =
            err instanceof TransportError
              ? failureData(err, err.cause)
              : failureData(new TransportError('retryable', 'unexpected transport error'));
          finished({ id, failure });
          if (failure.kind === 'throttled')
            failWaiting({
              ...failure,
              smtp: undefined,
              message: `not sent: ${failure.message} (to an earlier message)`,
            });
        },
      )
      .finally(() => {
        started--;
        startWaiting();
      });
  };
  const startWaiting = () => {
    while (started < STARTED_MAX && waiting.length > 0) start(waiting.shift() as Job);
  };
  port.on('message', (msg: ToSenderThread) => {
    if (msg.type === 'close') {
      failWaiting({ kind: 'retryable', message: 'not sent: the SMTP sender closed', hardBounce: false });
      void sender.close().then(() => port.postMessage({ type: 'closed' } satisfies FromSenderThread));
      return;
    }
    for (const job of msg.batch) {
      // Structured cloning turns Buffers into plain Uint8Arrays; nodemailer wants Buffers.
      for (const a of job.mail.attachments ?? [])
        a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      waiting.push(job);
    }
    startWaiting();
  });
}

if (parentPort) serve(workerData as SenderThreadSetup);
