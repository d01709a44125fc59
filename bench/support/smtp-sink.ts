import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './child.process';

/** Where Debian's `postfix` package installs it. */
export const SMTP_SINK = '/usr/sbin/smtp-sink';

export const SMTP_SINK_MISSING = `${SMTP_SINK} not found: the courier benchmark delivers into Postfix's smtp-sink.
Install it without starting the Postfix daemon (Debian/Ubuntu):
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postfix
(smtp-sink is a standalone test server; the postfix service does not need to run.)`;

export interface SmtpSink {
  url: string;
  pid: number;
  /** Messages the sink answered "250" to after DATA, since it started. */
  delivered(): number;
  close(): Promise<void>;
}

/**
 * Postfix's smtp-sink: a C SMTP server that accepts every message and throws it away, so the
 * receiving side costs almost nothing and the figure is the sender's. `-c` makes it print
 * running counters (`sess=… quit=… mesg=N`, one per CR) on stdout, which is how messages are
 * counted. It must drop root privileges (`-u`) when started as root.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  try {
    accessSync(SMTP_SINK, constants.X_OK);
  } catch {
    throw new Error(SMTP_SINK_MISSING);
  }
  const port = await freePort();
  const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  // Backlog 1000; -m 256 simultaneous sessions (its default) is far above the 8 a pool opens.
  const child: ChildProcess = spawn(SMTP_SINK, [...asRoot, '-c', `127.0.0.1:${port}`, '1000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let delivered = 0;
  let errors = '';
  let pending = '';
  child.stdout?.setEncoding('latin1').on('data', (chunk: string) => {
    pending += chunk;
    const counters = pending.split('\r');
    pending = counters.pop() ?? '';
    const last = counters.length > 0 ? /mesg=(\d+)/.exec(counters[counters.length - 1]) : null;
    if (last) delivered = Number(last[1]);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it accepts a connection.
  for (let i = 0; !(await accepts(port)); i++) {
    if (child.exitCode !== null || i > 50) {
      child.kill('SIGKILL');
      throw new Error(`smtp-sink did not start on port ${port}: ${errors.trim() || 'no output'}`);
    }
    await sleep(100);
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid as number,
    delivered: () => delivered,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
