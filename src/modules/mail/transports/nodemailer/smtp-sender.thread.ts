import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../../../../config/config';
import { HardBounceError, type OutgoingMail, TransportError } from '../mail-transport.port';
import { NodemailerSmtpSender, type SmtpEndpoint } from './nodemailer-smtp.sender';

/** What the thread is started with (structured-cloned: plain data only). */
export interface SenderThreadSetup {
  endpoint: SmtpEndpoint;
  dkim?: AppConfig['mail']['dkim'];
}

/** Main thread → sender thread: messages to send, or the last word. */
export type ToSenderThread =
  { type: 'send'; batch: Array<{ id: number; mail: OutgoingMail }> } | { type: 'close' };

/** A TransportError as it crosses the thread boundary (a class instance would arrive as a plain object). */
export interface FailureData {
  kind: TransportError['kind'];
  message: string;
  retryAfterMs?: number;
  hardBounce: boolean;
}

/** Sender thread → main thread: how each send ended, several per message when they end together. */
export type FromSenderThread =
  | {
      type: 'done';
      results: Array<
        { id: number; ok: { accepted: string[]; response: string } } | { id: number; failure: FailureData }
      >;
    }
  | { type: 'closed' };

export function failureData(err: TransportError): FailureData {
  return {
    kind: err.kind,
    message: err.message,
    retryAfterMs: err.retryAfterMs,
    hardBounce: err instanceof HardBounceError,
  };
}

/**
 * The sender thread (threaded-smtp.sender.ts starts it): owns nodemailer's pool, builds each MIME
 * message and speaks SMTP, so that work runs on another core than the app's main thread (HTTP,
 * PGlite, the worker's bookkeeping). Errors are classified here, as in the single-thread sender.
 */
function serve(setup: SenderThreadSetup): void {
  const port = parentPort;
  if (!port) throw new Error('smtp-sender.thread must run as a worker thread');
  const sender = new NodemailerSmtpSender(setup.endpoint, setup.dkim);
  let results: Extract<FromSenderThread, { type: 'done' }>['results'] = [];
  let flushing = false;
  // Sends that end in the same turn of this thread's loop go back as one message.
  const flush = () => {
    flushing = false;
    const done = results;
    results = [];
    port.postMessage({ type: 'done', results: done } satisfies FromSenderThread);
  };
  const finished = (r: (typeof results)[number]) => {
    results.push(r);
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };
  port.on('message', (msg: ToSenderThread) => {
    if (msg.type === 'close') {
      void sender.close().then(() => port.postMessage({ type: 'closed' } satisfies FromSenderThread));
      return;
    }
    for (const { id, mail } of msg.batch) {
      // Structured cloning turns Buffers into plain Uint8Arrays; nodemailer wants Buffers.
      for (const a of mail.attachments ?? [])
        a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      sender.send(mail).then(
        (ok) => finished({ id, ok }),
        (err: unknown) =>
          finished({
            id,
            failure: failureData(
              err instanceof TransportError
                ? err
                : new TransportError('retryable', 'unexpected transport error'),
            ),
          }),
      );
    }
  });
}

if (parentPort) serve(workerData as SenderThreadSetup);
