import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import tls, { createSecureContext } from 'node:tls';
import type {
  SmtpEnvelope,
  SmtpMessageSink,
  SmtpReply,
  SmtpServerOptions,
} from '../../src/modules/mailbox/smtp/smtp.handler';
import { SmtpServer } from '../../src/modules/mailbox/smtp/smtp.server';
import { loadDevCertificate } from '../../src/modules/mailbox/tls/dev-certificate';
import { RawSession } from './smtp-helpers';

interface Received {
  envelope: SmtpEnvelope;
  body: string;
}

/**
 * A handler that records every message; `gate` (when set) holds each commit until it is
 * released, so a test can see that nothing is answered before the store says "durable".
 */
class Recorder {
  readonly messages: Received[] = [];
  aborted = 0;
  gate?: Promise<void>;
  answer: SmtpReply | 'drop' = { code: 250, text: '2.0.0 stored' };

  openMessage(envelope: SmtpEnvelope): SmtpMessageSink {
    const pieces: Buffer[] = [];
    return {
      write: (piece) => void pieces.push(Buffer.from(piece)),
      abort: () => void this.aborted++,
      end: async () => {
        await this.gate;
        this.messages.push({
          envelope: { ...envelope, rcptTo: [...envelope.rcptTo] },
          body: Buffer.concat(pieces).toString('latin1'),
        });
        return this.answer;
      },
    };
  }
}

async function open(address: { host: string; port: number }): Promise<RawSession> {
  const socket = net.connect(address);
  socket.setNoDelay(true);
  const session = new RawSession(socket);
  await session.until(/^220 [^\r\n]*\r\n/);
  return session;
}

/** The final reply lines (`NNN text`) received so far, after the greeting. */
function codes(session: RawSession): number[] {
  return [...session.received.matchAll(/^(\d{3}) [^\r\n]*\r\n/gm)].map((m) => Number(m[1])).slice(1);
}

/** Waits until `count` final replies (greeting excluded) have arrived or the socket closed. */
async function replies(session: RawSession, count: number): Promise<number[]> {
  await session.until(
    new RegExp(`^(?:(?:\\d{3}[- ][^\\r\\n]*\\r\\n)*?\\d{3} [^\\r\\n]*\\r\\n){${count + 1}}`),
  );
  return codes(session);
}

/** Writes pieces as separate TCP segments: each one is on the wire before the next is written. */
async function trickle(session: RawSession, pieces: readonly string[]): Promise<void> {
  for (const piece of pieces) {
    session.socket.write(Buffer.from(piece, 'latin1'));
    await sleep(15);
  }
}

const ENVELOPE = 'EHLO client.test\r\nMAIL FROM:<s@example.test>\r\nRCPT TO:<r@example.test>\r\nDATA\r\n';

describe('SmtpServer protocol (raw sockets)', () => {
  let recorder: Recorder;
  let server: SmtpServer;
  let address: { host: string; port: number };

  async function start(options: Partial<SmtpServerOptions> = {}): Promise<{
    server: SmtpServer;
    address: { host: string; port: number };
  }> {
    const s = new SmtpServer({ handler: recorder, name: 'test', maxMessageBytes: 2000, ...options });
    return { server: s, address: await s.listen(0, '127.0.0.1') };
  }

  before(async () => {
    recorder = new Recorder();
    ({ server, address } = await start({ maxBadCommands: 20 }));
  });
  after(async () => {
    await server.close();
  });

  it('answers pipelined commands in order, holding those behind a message until it is durable', async () => {
    const before = recorder.messages.length;
    let release!: () => void;
    recorder.gate = new Promise<void>((resolve) => (release = resolve));
    const session = await open(address);
    // Two whole transactions and QUIT in one write (RFC 2920), with a bad RCPT in the middle.
    session.socket.write(
      `${ENVELOPE}one\r\n.\r\n` +
        'MAIL FROM:<>\r\nRCPT TO:<bad address>\r\nRCPT TO:<t@example.test>\r\nDATA\r\ntwo\r\n.\r\nQUIT\r\n',
    );
    assert.deepEqual(await replies(session, 4), [250, 250, 250, 354]);
    await sleep(100);
    assert.deepEqual(codes(session), [250, 250, 250, 354], 'no 250 before the commit, nothing after it');
    recorder.gate = undefined;
    release();
    assert.deepEqual(await replies(session, 11), [250, 250, 250, 354, 250, 250, 501, 250, 354, 250, 221]);
    const got = recorder.messages.slice(before);
    assert.deepEqual(
      got.map((m) => [m.envelope.mailFrom, m.envelope.rcptTo, m.body]),
      [
        ['s@example.test', ['r@example.test'], 'one\r\n'],
        ['', ['t@example.test'], 'two\r\n'],
      ],
    );
    assert.equal(got[0].envelope.helo, 'client.test');
    assert.equal(got[0].envelope.remoteAddress, '127.0.0.1');
    session.destroy();
  });

  it('undoes dot-stuffing, whatever the TCP segments', async () => {
    const cases: { pieces: string[]; body: string }[] = [
      // A line of just ".." is a line of "."; "...x" is "..x".
      { pieces: ['a\r\n..\r\n...x\r\n.\r\n'], body: 'a\r\n.\r\n..x\r\n' },
      // The stuffing dot and the final dot alone in their segments.
      { pieces: ['a\r\n', '.', '.b\r\n', '.', '\r\n'], body: 'a\r\n.b\r\n' },
      // CRLF split across segments, before and after the final dot.
      { pieces: ['a\r', '\n.\r', '\n'], body: 'a\r\n' },
      { pieces: ['a\r\n.', '\r', '\n'], body: 'a\r\n' },
      // A bare LF never ends a line: LF.LF and LF.CRLF are content.
      { pieces: ['x\n.\nstill\n.\r\nhere\r\n.\r\n'], body: 'x\n.\nstill\n.\r\nhere\r\n' },
      // An empty message.
      { pieces: ['.\r\n'], body: '' },
    ];
    for (const { pieces, body } of cases) {
      const before = recorder.messages.length;
      const session = await open(address);
      session.socket.write(ENVELOPE);
      await replies(session, 4);
      await trickle(session, pieces);
      assert.deepEqual(await replies(session, 5), [250, 250, 250, 354, 250], JSON.stringify(pieces));
      assert.equal(recorder.messages[before]?.body, body, JSON.stringify(pieces));
      session.destroy();
    }
  });

  it('answers 500 to an over-long command line, buffered or not, and carries on', async () => {
    const session = await open(address);
    session.socket.write(`NOOP ${'x'.repeat(5000)}\r\nNOOP\r\n`);
    assert.deepEqual(await replies(session, 2), [500, 250]);
    // A line that never ends is skipped as it comes, not held.
    for (let i = 0; i < 4; i++) await trickle(session, ['y'.repeat(3000)]);
    session.socket.write('\r\nNOOP\r\n');
    assert.deepEqual(await replies(session, 4), [500, 250, 500, 250]);
    session.destroy();
  });

  it('answers 552 to a declared or an actual size over the limit, keeping nothing', async () => {
    const before = recorder.messages.length;
    const aborted = recorder.aborted;
    const session = await open(address);
    session.socket.write('EHLO x\r\nMAIL FROM:<s@example.test> SIZE=2001\r\n');
    assert.deepEqual(await replies(session, 2), [250, 552]);
    session.socket.write('MAIL FROM:<s@example.test> SIZE=10\r\nRCPT TO:<r@example.test>\r\nDATA\r\n');
    assert.deepEqual(await replies(session, 5), [250, 552, 250, 250, 354]);
    session.socket.write(`${'z'.repeat(998)}\r\n`.repeat(3));
    session.socket.write('.\r\nNOOP\r\n');
    assert.deepEqual(await replies(session, 7), [250, 552, 250, 250, 354, 552, 250]);
    assert.equal(recorder.messages.length, before);
    assert.equal(recorder.aborted, aborted + 1);
    session.destroy();
  });

  it('refuses commands out of order and parameters it does not know', async () => {
    const session = await open(address);
    session.socket.write(
      'MAIL FROM:<a@example.test>\r\nHELO x\r\nRCPT TO:<r@example.test>\r\nDATA\r\n' +
        'MAIL FROM:<a@example.test> FOO=1\r\nMAIL FROM:a@example.test BODY=8BITMIME SMTPUTF8\r\n' +
        'MAIL FROM:<b@example.test>\r\nVRFY x\r\nRSET\r\nDATA\r\nBOGUS\r\nEHLO a\rb\r\nEHLO\r\n',
    );
    assert.deepEqual(
      await replies(session, 13),
      [503, 250, 503, 503, 555, 250, 503, 252, 250, 503, 500, 501, 501],
    );
    session.destroy();
  });

  it('survives garbage bytes, then hangs up on a client that only sends garbage', async () => {
    const session = await open(address);
    const garbage = Buffer.alloc(32 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + (i >> 8)) % 256;
    session.socket.write(garbage);
    session.socket.write('\x00\xff\r\n'.repeat(30));
    const said = await session.until(/421 [^\r\n]*\r\n/);
    assert.match(said, /\r\n421 4\.7\.0 /);
    // The server is fine: a new session delivers.
    const next = await open(address);
    next.socket.write(`${ENVELOPE}ok\r\n.\r\n`);
    assert.deepEqual(await replies(next, 5), [250, 250, 250, 354, 250]);
    next.destroy();
    session.destroy();
  });

  it('takes AUTH PLAIN and LOGIN with any credentials, never requiring them', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const session = await open(address);
    session.socket.write(`EHLO x\r\nAUTH PLAIN ${b64('\0user\0pass')}\r\n`);
    assert.deepEqual(await replies(session, 2), [250, 235]);
    assert.match(session.received, /250[- ]AUTH LOGIN PLAIN\r\n/);
    session.destroy();

    const login = await open(address);
    login.socket.write('EHLO x\r\nAUTH LOGIN\r\n');
    await login.until(/334 VXNlcm5hbWU6\r\n/);
    login.socket.write(`${b64('user')}\r\n`);
    await login.until(/334 UGFzc3dvcmQ6\r\n/);
    login.socket.write(`${b64('pass')}\r\nAUTH PLAIN\r\n`);
    assert.deepEqual(await replies(login, 5), [250, 334, 334, 235, 503]);
    login.destroy();

    const other = await open(address);
    other.socket.write('EHLO x\r\nAUTH CRAM-MD5\r\nAUTH PLAIN\r\n');
    await other.until(/334 \r\n/);
    other.socket.write('*\r\n');
    assert.deepEqual(await replies(other, 4), [250, 504, 334, 501]);
    other.destroy();
  });

  it('receives a message in BDAT chunks (CHUNKING), with no dot handling', async () => {
    const before = recorder.messages.length;
    const session = await open(address);
    session.socket.write('EHLO x\r\nMAIL FROM:<s@example.test>\r\nRCPT TO:<r@example.test>\r\n');
    await replies(session, 3);
    assert.match(session.received, /250-CHUNKING\r\n/);
    await trickle(session, ['BDAT 5\r\n.\r\n.', '.', 'BDAT 3 LAST\r\nx\r\nNOOP\r\n']);
    assert.deepEqual(await replies(session, 6), [250, 250, 250, 250, 250, 250]);
    assert.equal(recorder.messages[before]?.body, '.\r\n..x\r\n');
    session.destroy();
  });

  it('closes an idle connection with 421, and answers a half-closed one before closing', async () => {
    const sleepy = await start({ idleTimeoutMs: 200 });
    try {
      const idle = await open(sleepy.address);
      await new Promise((resolve) => idle.socket.once('close', resolve));
      assert.match(idle.received, /\r\n421 4\.4\.2 /);

      const half = await open(sleepy.address);
      half.socket.end(`${ENVELOPE}bye\r\n.\r\nQUIT\r\n`);
      await new Promise((resolve) => half.socket.once('close', resolve));
      assert.deepEqual(codes(half), [250, 250, 250, 354, 250, 221]);
    } finally {
      await sleepy.server.close();
    }
  });

  it("drops the connection without a word when the handler says 'drop'", async () => {
    recorder.answer = 'drop';
    try {
      const session = await open(address);
      session.socket.write(`${ENVELOPE}x\r\n.\r\n`);
      await new Promise((resolve) => session.socket.once('close', resolve));
      assert.deepEqual(codes(session), [250, 250, 250, 354]);
    } finally {
      recorder.answer = { code: 250, text: '2.0.0 stored' };
    }
  });

  it('refuses connections past maxClients with 421', async () => {
    const small = await start({ maxClients: 1 });
    try {
      const first = await open(small.address);
      const second = new RawSession(net.connect(small.address));
      assert.match(await second.until(/^421 /), /^421 4\.3\.2 /);
      first.destroy();
      second.destroy();
    } finally {
      await small.server.close();
    }
  });

  it('upgrades with STARTTLS when asked (not advertised), dropping what was pipelined behind it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-smtp-tls-'));
    const { key, cert } = await loadDevCertificate(dir, ['127.0.0.1']);
    const secure = await start({ secureContext: async () => createSecureContext({ key, cert }) });
    try {
      const before = recorder.messages.length;
      const session = await open(secure.address);
      session.socket.write('EHLO x\r\nSTARTTLS\r\nMAIL FROM:<injected@example.test>\r\n');
      await session.until(/220 2\.0\.0 [^\r\n]*\r\n/);
      assert.doesNotMatch(session.received, /STARTTLS/, 'not advertised');
      session.socket.removeAllListeners('data');
      const wrapped = new RawSession(tls.connect({ socket: session.socket, rejectUnauthorized: false }));
      await new Promise((resolve) => wrapped.socket.once('secureConnect', resolve));
      // After the upgrade the session starts over: MAIL needs a new EHLO, the injected one is gone.
      wrapped.socket.write('MAIL FROM:<a@example.test>\r\n');
      await wrapped.until(/^503 /);
      wrapped.socket.write(`${ENVELOPE}secret\r\n.\r\nSTARTTLS\r\n`);
      await wrapped.until(/\r\n503 [^\r\n]*\r\n$/);
      assert.match(
        wrapped.received,
        /^503 [^\r\n]*\r\n250-[\s\S]*\r\n250 [^\r\n]*\r\n250 [^\r\n]*\r\n250 [^\r\n]*\r\n354 [^\r\n]*\r\n250 [^\r\n]*\r\n503 /,
      );
      assert.equal(recorder.messages[before]?.body, 'secret\r\n');
      assert.equal(recorder.messages[before]?.envelope.mailFrom, 's@example.test');
      wrapped.destroy();
    } finally {
      await secure.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
