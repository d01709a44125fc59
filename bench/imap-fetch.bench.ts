import type { Bench } from './support/bench';
import { fmt } from './support/bench';
import { ImapRawClient, type TaggedResult } from './support/imap.client';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { startDovecot, startMailboxOnly } from './support/mailbox.peers';
import { smtpLoad } from './support/smtp.client';
import { summarize } from './support/stats';

const PASSWORD = 'mailgate';
const FETCH = 'FETCH 1:* (FLAGS ENVELOPE)';
/**
 * The first FETCH is cold (Dovecot builds its cache, V8 has not compiled our hot path yet); the
 * warm runs after it are what the target compares (their median).
 */
const WARM_RUNS = 10;

interface FetchRun {
  selectMs: number;
  coldMs: number;
  warmMs: ReturnType<typeof summarize>;
  fetches: number;
  bytes: number;
}

async function timeFetches(host: string, port: number, expected: number): Promise<FetchRun> {
  const client = await ImapRawClient.connect(host, port);
  try {
    await client.ok(`LOGIN ${BENCH_RECIPIENT} ${PASSWORD}`);
    const select = await client.ok('SELECT INBOX');
    const runs: TaggedResult[] = [];
    for (let i = 0; i <= WARM_RUNS; i++) runs.push(await client.ok(FETCH));
    const wrong = runs.find((r) => r.fetches !== expected);
    if (wrong) throw new Error(`${FETCH} answered ${wrong.fetches} messages, expected ${expected}`);
    await client.command('LOGOUT').catch(() => undefined);
    return {
      selectMs: select.elapsedMs,
      coldMs: runs[0].elapsedMs,
      warmMs: summarize(runs.slice(1).map((r) => r.elapsedMs)),
      fetches: runs[0].fetches,
      bytes: runs[0].bytes,
    };
  } finally {
    client.close();
  }
}

/**
 * IMAP `FETCH 1:* (FLAGS ENVELOPE)` over one mailbox of `--messages` messages: mailgate's dev
 * mailbox alone (filled over SMTP) against a private Dovecot whose maildir holds the same bytes,
 * with the same raw client, in one run. Times run from sending FETCH to its tagged OK.
 */
export const imapFetchBench: Bench = async (ctx) => {
  const messages = benchMessages(ctx.messages);
  const mailbox = await startMailboxOnly({ logDir: ctx.logDir, maxMessages: messages.length });
  let ours: FetchRun;
  try {
    const { smtp, imap } = await mailbox.facts();
    const load = await smtpLoad({
      host: smtp.host,
      port: smtp.port,
      connections: ctx.connections,
      messages,
      from: BENCH_SENDER,
      to: BENCH_RECIPIENT,
    });
    if (load.failed > 0) throw new Error(`filling the mailbox failed: ${load.firstFailure}`);
    ctx.say(`imap: mailgate holds ${messages.length} messages; fetching`);
    ours = await timeFetches(imap.host, imap.port, messages.length);
  } finally {
    await mailbox.stop();
  }
  ctx.say(`imap: mailgate warm p50 ${ours.warmMs.p50.toFixed(0)} ms`);

  const dovecot = await startDovecot({
    logDir: ctx.logDir,
    user: BENCH_RECIPIENT,
    password: PASSWORD,
    messages,
  });
  let theirs: FetchRun;
  try {
    theirs = await timeFetches('127.0.0.1', dovecot.port, messages.length);
  } finally {
    await dovecot.stop();
  }
  ctx.say(`imap: Dovecot warm p50 ${theirs.warmMs.p50.toFixed(0)} ms`);

  const ratio = ours.warmMs.p50 / theirs.warmMs.p50;
  const coldRatio = ours.coldMs / theirs.coldMs;
  const line = (r: FetchRun) =>
    `cold ${fmt.ms(r.coldMs)}, warm p50 ${fmt.ms(r.warmMs.p50)} (max ${fmt.ms(r.warmMs.max)}), SELECT ${fmt.ms(r.selectMs)}, ${r.fetches} FETCH lines, ${(r.bytes / 1024).toFixed(0)} KiB`;
  return {
    name: 'imap-fetch',
    title: `IMAP ${FETCH} over ${messages.length} messages vs Dovecot`,
    settings: {
      messages: messages.length,
      warmRuns: WARM_RUNS,
      client: 'bench/support/imap.client.ts (raw socket, one command at a time) in the bench process',
      mailgate: 'dist/bench/children/mailbox.server.js (store + SMTP + IMAP only), filled over SMTP',
      dovecot:
        'Debian dovecot-imapd, private config and maildir in a temp dir (bench/support/mailbox.peers.ts)',
    },
    results: { mailgate: ours, dovecot: theirs, ratio, coldRatio },
    targets: [
      {
        what: `mailgate / Dovecot time for ${FETCH} (warm p50)`,
        target: '<= 2x',
        measured: `${ratio.toFixed(2)}x`,
        met: ratio <= 2,
      },
    ],
    rows: [
      ['mailgate dev mailbox', fmt.ms(ours.warmMs.p50), line(ours)],
      ['Dovecot', fmt.ms(theirs.warmMs.p50), line(theirs)],
      ['ratio (warm p50)', `${ratio.toFixed(2)}x`, `target <= 2x; cold FETCH ratio ${coldRatio.toFixed(2)}x`],
    ],
  };
};
