import http from 'node:http';
import path from 'node:path';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/config';
import { SmtpChaos } from '../../src/modules/mailbox/chaos/smtp-chaos';
import { MailboxImapServer } from '../../src/modules/mailbox/imap/imap.server';
import { MailboxSmtpServer } from '../../src/modules/mailbox/smtp/mailbox-smtp.server';
import { FileMailboxStore } from '../../src/modules/mailbox/storage/file-mailbox.store';

/**
 * The dev mailbox's engine alone: the durable store, its SMTP ingest and its IMAP server, built
 * from the same classes MailboxModule wires, without PGlite, Nest or the API, for the ingest and
 * IMAP benchmarks (the memory benchmark runs the real `mailgate mailbox` role instead, since Nest
 * and what it loads are most of that process's memory). A tiny HTTP side answers `GET /health`
 * with the bound ports and the process's memory, and `POST /gc` runs full collections first
 * (started with --expose-gc) so the RSS read after it is the retained size, not garbage waiting
 * for the next cycle.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const store = await FileMailboxStore.open({
    dir: path.join(config.dataDir, 'mailbox'),
    maxMessages: config.mailbox.maxMessages,
    log,
  });
  const smtp = new MailboxSmtpServer(store, config, log, new SmtpChaos(config));
  const imap = new MailboxImapServer(store, config, log);
  await smtp.listen();
  await imap.listen();

  const facts = () => ({
    smtp: smtp.smtpAddress(),
    imap: imap.imapAddress(),
    messages: store.memory.messages,
    memory: process.memoryUsage(),
  });
  const web = http.createServer((req, res) => {
    const answer = () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(facts()));
    };
    if (req.method !== 'POST' || req.url !== '/gc') return answer();
    // Collect, give V8's background threads a moment to hand freed pages back, collect again:
    // the RSS read then is what the process keeps at rest.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    setTimeout(() => {
      gc?.();
      setTimeout(answer, 500);
    }, 1500);
  });
  await new Promise<void>((resolve) => web.listen(Number(process.env.PORT), '127.0.0.1', resolve));

  const stop = () => {
    web.close();
    void smtp
      .close()
      .then(() => imap.close())
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`mailbox bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
