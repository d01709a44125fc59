import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { type TestApp, startTestApp } from '../support/app';
import { PASSWORD, imapAddress } from './imap-helpers';
import { message, sendRaw } from './smtp-helpers';

const BOB = 'bob@example.test';
const MULTIPART = [
  'From: "Ann Example" <ann@example.test>',
  `To: Bob <${BOB}>`,
  'Cc: carol@example.test',
  'Subject: Report attached',
  'Date: Sat, 21 Nov 2026 11:00:00 +0000',
  'Message-ID: <multi@example.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XYZ"',
  '',
  'preamble',
  '--XYZ',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See the report.',
  '--XYZ',
  'Content-Type: application/pdf; name="r.pdf"',
  'Content-Disposition: attachment; filename="r.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--XYZ--',
  '',
].join('\r\n');

describe('IMAP with imapflow', { timeout: 60_000 }, () => {
  let app: TestApp;
  let client: ImapFlow;

  before(async () => {
    app = await startTestApp();
    await sendRaw(app, { from: 'sender@example.test', to: [BOB] }, message(BOB, 'Hello Bob', 'First body'));
    await sendRaw(app, { from: 'ann@example.test', to: [BOB] }, MULTIPART);
    await sendRaw(
      app,
      { from: 'sender@example.test', to: ['someone-else@example.test'] },
      message('x', 'Not Bob'),
    );
    const { host, port } = imapAddress(app);
    client = new ImapFlow({
      host,
      port,
      secure: false,
      auth: { user: 'Bob@Example.TEST', pass: PASSWORD },
      // imapflow upgrades with STARTTLS whenever it is offered; the dev certificate is self-signed.
      tls: { rejectUnauthorized: false },
      logger: false,
    });
    await client.connect();
  });
  after(async () => {
    await client.logout().catch(() => undefined);
    await app.destroy();
  });

  it('opens INBOX with UIDVALIDITY, UIDNEXT and only the messages to this address', async () => {
    assert.equal(client.secureConnection, true, 'imapflow took STARTTLS');
    const box = await client.mailboxOpen('INBOX');
    assert.equal(box.exists, 2);
    assert.ok(Number(box.uidValidity) > 0);
    assert.equal(box.uidNext, 4);
    const list = await client.list();
    assert.deepEqual(
      list.map((m) => m.path),
      ['INBOX'],
    );
  });

  it('fetches envelope, flags, body structure and source', async () => {
    const msg = await client.fetchOne('2', {
      envelope: true,
      flags: true,
      bodyStructure: true,
      source: true,
      uid: true,
    });
    assert.ok(msg);
    assert.equal(msg.uid, 2);
    assert.equal(msg.envelope?.subject, 'Report attached');
    assert.deepEqual(msg.envelope?.from, [{ name: 'Ann Example', address: 'ann@example.test' }]);
    assert.deepEqual(
      msg.envelope?.to?.map((a) => a.address),
      [BOB],
    );
    assert.equal(msg.envelope?.messageId, '<multi@example.test>');
    // This session selected the mailbox first, so the message is \Recent to it; nothing is stored.
    assert.deepEqual([...(msg.flags ?? [])], ['\\Recent']);
    assert.equal(msg.bodyStructure?.type, 'multipart/mixed');
    const parts = msg.bodyStructure?.childNodes ?? [];
    assert.equal(parts[0].type, 'text/plain');
    assert.equal(parts[1].type, 'application/pdf');
    assert.equal(parts[1].disposition, 'attachment');
    assert.equal(parts[1].encoding, 'base64');
    assert.equal(msg.source?.toString(), MULTIPART);
  });

  it('downloads one part and a partial body', async () => {
    const part = await client.download('2', '1');
    const chunks: Buffer[] = [];
    for await (const c of part.content) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'See the report.');
    const partial = await client.fetchOne('1', { bodyParts: ['TEXT'] });
    assert.equal(partial && partial.bodyParts?.get('text')?.toString(), 'First body\r\n');
    const raw = await client.fetchOne('2', { source: { start: 6, maxLength: 5 } });
    assert.equal(raw && raw.source?.toString(), '"Ann ');
  });

  it('searches by seen, unseen, from, subject and since', async () => {
    await client.messageFlagsAdd('1', ['\\Seen']);
    assert.deepEqual(await client.search({ seen: true }), [1]);
    assert.deepEqual(await client.search({ seen: false }), [2]);
    assert.deepEqual(await client.search({ from: 'ann@example' }), [2]);
    assert.deepEqual(await client.search({ subject: 'hello' }), [1]);
    assert.deepEqual(await client.search({ since: new Date(Date.now() - 86_400_000) }), [1, 2]);
    assert.deepEqual(await client.search({ since: new Date(Date.now() + 2 * 86_400_000) }), []);
    assert.deepEqual(await client.search({ or: [{ subject: 'report' }, { seen: true }] }), [1, 2]);
    assert.deepEqual(await client.search({ uid: '2:*' }, { uid: true }), [2]);
  });

  it('adds and removes flags, then expunges', async () => {
    await client.messageFlagsAdd('2', ['\\Flagged', '\\Deleted']);
    let msg = await client.fetchOne('2', { flags: true });
    assert.deepEqual([...(msg ? (msg.flags ?? []) : [])].sort(), ['\\Deleted', '\\Flagged', '\\Recent']);
    await client.messageFlagsRemove('2', ['\\Deleted']);
    msg = await client.fetchOne('2', { flags: true });
    assert.deepEqual([...(msg ? (msg.flags ?? []) : [])], ['\\Flagged', '\\Recent']);
    await client.messageFlagsAdd('1', ['\\Deleted']);
    await client.messageDelete('1');
    const status = await client.status('INBOX', { messages: true });
    assert.equal(status.messages, 1);
    const left = await client.fetchOne('1', { uid: true });
    assert.equal(left && left.uid, 2);
  });

  it('IDLE receives a message sent over SMTP while idling', async () => {
    const arrived = new Promise<number>((resolve) =>
      client.once('exists', (e: { count: number }) => resolve(e.count)),
    );
    const idling = client.idle();
    // Wait until the server said `+ idling` (imapflow sets `idling` then).
    while (!client.idling) await new Promise((r) => setTimeout(r, 10));
    await sendRaw(app, { from: 'sender@example.test', to: [BOB] }, message(BOB, 'While idle', 'pushed'));
    assert.equal(await arrived, 2);
    const msg = await client.fetchOne('*', { envelope: true, uid: true });
    assert.equal(msg && msg.envelope?.subject, 'While idle');
    await idling.catch(() => undefined);
  });
});
