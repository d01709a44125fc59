import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { OutgoingMail } from '../src/modules/mail/transports/mail-transport.port';
import { buildMimeMessage } from '../src/modules/mail/transports/nodemailer/mime-message.builder';
import {
  NodemailerSmtpSender,
  SMTP_POOL,
} from '../src/modules/mail/transports/nodemailer/nodemailer-smtp.sender';
import type { Bench } from './support/bench';
import { courierMessages } from './support/courier.message';
import { startSmtpSink } from './support/smtp-sink';

/** Sends (or builds) kept in flight, as the sender thread keeps them (STARTED_MAX). */
const IN_FLIGHT = SMTP_POOL.maxConnections * 2;
const ROUNDS = 3;

/** The courier benchmark's message as the worker hands it to a transport. */
function courierMail(next: ReturnType<typeof courierMessages>): OutgoingMail {
  const m = next();
  return {
    messageId: `<${randomUUID()}@bench.example>`,
    from: { name: 'bench', address: 'no-reply@bench.example' },
    to: { address: m.to },
    subject: m.subject,
    text: m.text,
    html: '',
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  };
}

/** OutgoingMail → sendMail options, as the SMTP sender mapped it before it built messages itself. */
function sendMailOptions(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    envelope: { from: mail.from.address, to: [mail.to.address] },
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** `count` runs of `one`, IN_FLIGHT at a time; CPU of this process (every thread) per message. */
async function measure(count: number, one: () => Promise<unknown>) {
  let started = 0;
  const t0 = performance.now();
  const c0 = cpuMs();
  const lane = async () => {
    while (started < count) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return { cpuMsPerMessage: (cpuMs() - c0) / count, rate: count / ((performance.now() - t0) / 1000) };
}

/** Eight plain SMTP sessions, each sending one message at a time: SMTP without any pool. */
async function connections(port: number) {
  const open = await Promise.all(
    Array.from(
      { length: SMTP_POOL.maxConnections },
      () =>
        new Promise<SMTPConnection>((resolve, reject) => {
          const c = new SMTPConnection({ host: '127.0.0.1', port });
          c.once('error', reject);
          c.connect(() => resolve(c));
        }),
    ),
  );
  const free = [...open];
  const waiting: ((c: SMTPConnection) => void)[] = [];
  return {
    async send(envelope: { from: string; to: string[] }, raw: Buffer) {
      const c = free.pop() ?? (await new Promise<SMTPConnection>((r) => waiting.push(r)));
      await new Promise((resolve, reject) => c.send(envelope, raw, (e, i) => (e ? reject(e) : resolve(i))));
      const next = waiting.shift();
      if (next) next(c);
      else free.push(c);
    },
    close: () => open.forEach((c) => c.quit()),
  };
}

/**
 * Where nodemailer's CPU per message goes, and what mailgate's SMTP sender costs now: the courier
 * benchmark's message sent into Postfix's smtp-sink through 8 pooled connections, 16 in flight,
 * by several paths in this one process, alternated over rounds (the median is reported):
 * sendMail as the sender used it, sendMail with pre-built bytes (`raw`), the pool's own `send`
 * with pre-built bytes, bare SMTP sessions with pre-built bytes, and NodemailerSmtpSender as it
 * is; plus building the message alone (nodemailer's MailComposer vs mime-message.builder.ts).
 * `node dist/bench/run.js send-path [--messages N]`.
 */
export const sendPathBench: Bench = async (ctx) => {
  const sink = await startSmtpSink();
  const port = Number(new URL(sink.url).port);
  const next = courierMessages('path');
  const pool = { ...SMTP_POOL, pool: true as const, host: '127.0.0.1', port, secure: false };
  const mailer = nodemailer.createTransport(pool);
  const sender = new NodemailerSmtpSender({ host: '127.0.0.1', port, secure: false });
  const bare = await connections(port);
  const prebuilt = buildMimeMessage(courierMail(next));
  const envelopeOf = (mail: OutgoingMail) => ({ from: mail.from.address, to: [mail.to.address] });
  const poolSend = (mail: OutgoingMail) =>
    new Promise((resolve, reject) => {
      const message = {
        getEnvelope: () => envelopeOf(mail),
        messageId: () => mail.messageId,
        getHeader: () => mail.messageId,
        createReadStream: () => Readable.from([prebuilt]),
      };
      const wrapped = { data: {}, message } as unknown as MailMessage<SMTPPoolSentMessageInfo>;
      mailer.transporter.send(wrapped, (err, info) => (err ? reject(err) : resolve(info)));
    });
  const paths: Record<string, () => Promise<unknown>> = {
    'build: nodemailer MailComposer': () =>
      new MailComposer(sendMailOptions(courierMail(next))).compile().build(),
    'build: mime-message.builder': async () => buildMimeMessage(courierMail(next)),
    'send: sendMail (before)': () => mailer.sendMail(sendMailOptions(courierMail(next))),
    'send: sendMail raw, pre-built': () => {
      const mail = courierMail(next);
      return mailer.sendMail({ envelope: envelopeOf(mail), raw: prebuilt });
    },
    'send: pool.send, pre-built': () => poolSend(courierMail(next)),
    'send: bare SMTP sessions, pre-built': () => bare.send(envelopeOf(courierMail(next)), prebuilt),
    'send: NodemailerSmtpSender (now)': () => sender.send(courierMail(next)),
  };
  const runs: Record<string, { cpuMsPerMessage: number; rate: number }[]> = {};
  try {
    for (const one of Object.values(paths)) await measure(Math.min(1000, ctx.messages), one); // warm-up
    for (let round = 1; round <= ROUNDS; round++)
      for (const [name, one] of Object.entries(paths)) {
        const r = await measure(ctx.messages, one);
        (runs[name] ??= []).push(r);
        ctx.say(
          `round ${round}: ${name}: ${r.cpuMsPerMessage.toFixed(4)} ms CPU/msg, ${r.rate.toFixed(0)}/s`,
        );
      }
  } finally {
    bare.close();
    mailer.close();
    await sender.close();
    await sink.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        cpuMsPerMessage: median(rs.map((r) => r.cpuMsPerMessage)),
        rate: median(rs.map((r) => r.rate)),
        rounds: rs,
      },
    ]),
  );
  const before = results['send: sendMail (before)'].cpuMsPerMessage;
  const now = results['send: NodemailerSmtpSender (now)'].cpuMsPerMessage;
  return {
    name: 'send-path',
    title: `SMTP send path: CPU per message by path (${ctx.messages} messages × ${ROUNDS} rounds each)`,
    settings: {
      messages: ctx.messages,
      rounds: ROUNDS,
      inFlight: IN_FLIGHT,
      pool: SMTP_POOL,
      sink: 'Postfix smtp-sink',
      message: 'the courier benchmark message (text ≈1 KiB, two custom headers)',
    },
    results: { paths: results, ratio: now / before },
    targets: [],
    rows: [
      ...Object.entries(results).map(([name, r]): [string, string, string] => [
        name,
        `${r.cpuMsPerMessage.toFixed(4)} ms CPU/msg`,
        name.startsWith('build') ? 'no network' : `${r.rate.toFixed(0)} msg/s`,
      ]),
      ['sender now / sendMail before', `${((now / before) * 100).toFixed(0)} %`, 'CPU per message, medians'],
    ],
  };
};
