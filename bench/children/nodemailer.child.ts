import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { SMTP_POOL } from '../../src/modules/mail/transports/nodemailer/nodemailer-smtp.sender';
import { COURIER_FROM, courierMessages } from '../support/courier.message';
import { cpuBetween, cpuSnapshot, type CpuUse } from '../support/cpu';
import { summarize, type Summary } from '../support/stats';

/**
 * The physical limit for the courier: plain nodemailer, pooled exactly as mailgate's SMTP
 * transport pools (same maxConnections and maxMessages), sending the benchmark's message to
 * smtp-sink with `concurrency` sends in flight. A warm-up batch first (connections, JIT), then
 * `count` messages timed from the first send to the last 250.
 */
export interface RawSendResult {
  concurrency: number;
  maxConnections: number;
  messages: number;
  durationS: number;
  rate: number;
  latencyMs: Summary;
  failed: number;
  cpu: CpuUse;
}

async function main(): Promise<void> {
  const [port, warmup, count, concurrency] = process.argv.slice(2).map(Number);
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_POOL.maxConnections,
    maxMessages: SMTP_POOL.maxMessages,
    host: '127.0.0.1',
    port,
    secure: false,
  });
  const next = courierMessages('raw');
  let failed = 0;
  const run = async (total: number, times: number[]) => {
    let started = 0;
    const sender = async () => {
      while (started < total) {
        started++;
        const m = next();
        const t0 = performance.now();
        try {
          await transporter.sendMail({
            from: COURIER_FROM,
            to: m.to,
            subject: m.subject,
            text: m.text,
            messageId: `<${randomUUID()}@bench.example>`,
            headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
          });
          times.push(performance.now() - t0);
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
  };
  await run(warmup, []);
  failed = 0;
  const times: number[] = [];
  const before = cpuSnapshot(process.pid);
  await run(count, times);
  const cpu = cpuBetween(before, cpuSnapshot(process.pid));
  transporter.close();
  const result: RawSendResult = {
    concurrency,
    maxConnections: SMTP_POOL.maxConnections,
    messages: times.length,
    durationS: cpu.wallS,
    rate: times.length / cpu.wallS,
    latencyMs: summarize(times),
    failed,
    cpu,
  };
  process.send?.(result);
}

void main();
