import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { MAIL_COURIER, type MailCourier } from '../../src/modules/mail/mail.port';
import { startTestApp, type TestApp } from '../support/app';
import { waitFor } from './smtp-sink';

const PAUSE_MS = 300;
const PAUSE_MAX_MS = 600;

/**
 * A relay that answers the end of DATA with `454 4.7.0` (Gmail's "slow down") while told to, and
 * notes when each DATA arrived and what it answered: the server's clock is the ground truth for
 * how often the throttled provider was asked.
 */
class ThrottlingRelay {
  readonly seen: { at: number; to: string; reply: number }[] = [];
  /** Throttle the next N messages; Infinity = all until set back to 0. */
  throttle = 0;
  port = 0;
  private server!: SMTPServer;

  static async start(): Promise<ThrottlingRelay> {
    const relay = new ThrottlingRelay();
    relay.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          if (relay.throttle > 0) {
            relay.throttle -= 1;
            relay.seen.push({ at: Date.now(), to, reply: 454 });
            return callback(Object.assign(new Error('4.7.0 Try again later'), { responseCode: 454 }));
          }
          relay.seen.push({ at: Date.now(), to, reply: 250 });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    relay.port = (relay.server.server.address() as AddressInfo).port;
    return relay;
  }

  refused(): { at: number; to: string }[] {
    return this.seen.filter((s) => s.reply === 454);
  }

  accepted(to: string): number {
    return this.seen.filter((s) => s.reply === 250 && s.to === to).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The worker must pause a transport that says "slow down" rather than burn the messages' attempts. */
describe('throttling pauses the transport instead of burning attempts', () => {
  let relay: ThrottlingRelay;
  let app: TestApp;
  before(async () => {
    relay = await ThrottlingRelay.start();
    app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
      MAILBOX: 'off',
      MAIL_THROTTLE_PAUSE: String(PAUSE_MS / 1000),
      MAIL_THROTTLE_PAUSE_MAX: String(PAUSE_MAX_MS / 1000),
    });
  });
  after(async () => {
    await app.destroy();
    await relay.close();
  });

  const courier = () => app.app.get<symbol, MailCourier>(MAIL_COURIER);
  const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

  async function enqueue(addresses: string[]): Promise<string[]> {
    const ids = await app.runtime.db.transaction(async (tx) => {
      const out: string[] = [];
      for (const address of addresses)
        out.push((await courier().enqueueRaw(tx, { to: { address }, subject: 'Hi', text: 'Hello' })).id);
      return out;
    });
    courier().wake();
    return ids;
  }

  async function allSent(ids: string[]): Promise<{ attempts_made: number }[]> {
    return waitFor(
      `${ids.length} messages to be sent`,
      async () => {
        const rows = await app.runtime.db.query<{ status: string; attempts_made: number }>(
          'SELECT status, attempts_made FROM messages WHERE id = ANY($1::uuid[])',
          [ids],
        );
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      30_000,
    );
  }

  it('one message: three 454s, then sent; the throttles are not counted and the pause doubles', async () => {
    const to = addr('slow');
    relay.throttle = 3;
    const [id] = await enqueue([to]);
    const [row] = await allSent([id]);
    assert.equal(row.attempts_made, 1, 'only the send that went through counts');
    assert.equal(relay.accepted(to), 1);

    const view = (await (
      await fetch(`${app.url}/emails/${id}`, {
        headers: { authorization: `Bearer ${app.runtime.config.apiKeys[0]}` },
      })
    ).json()) as { status: string; attempts: { outcome: string; error?: string }[] };
    assert.equal(view.status, 'sent');
    assert.deepEqual(
      view.attempts.map((a) => a.outcome),
      ['throttled', 'throttled', 'throttled', 'sent'],
    );
    assert.equal(view.attempts[0].error, 'SMTP 454: server asked to slow down (after DATA)');
    // On the relay's clock each try came no sooner than the pause after the one before: 300, 600, 600 (cap).
    const times = relay.seen.filter((s) => s.to === to).map((s) => s.at);
    for (const [i, pause] of [PAUSE_MS, PAUSE_MAX_MS, PAUSE_MAX_MS].entries())
      assert.ok(times[i + 1] - times[i] >= pause, `try ${i + 1} came ${times[i + 1] - times[i]} ms after`);
  });

  it('a full queue while paused: one send per pause window meets the provider, no message spends an attempt', async (t) => {
    relay.seen.length = 0;
    relay.throttle = Infinity;
    const first = addr('first');
    const ids = await enqueue([first]);
    await waitFor('the first throttle', async () => (relay.refused().length > 0 ? true : undefined));
    // The transport is paused now: queue 19 more behind it.
    const rest = Array.from({ length: 19 }, (_, i) => addr(`queued-${i}`));
    ids.push(...(await enqueue(rest)));
    await waitFor(
      'three probes to be refused',
      async () => (relay.refused().length >= 4 ? true : undefined),
      20_000,
    );
    relay.throttle = 0;
    const rows = await allSent(ids);

    const refused = relay.refused();
    t.diagnostic(`454 answers: ${refused.length} for ${ids.length} queued messages`);
    const gaps = refused.slice(1).map((r, i) => r.at - refused[i].at);
    assert.ok(
      gaps.every((g) => g >= PAUSE_MS),
      `the provider was asked again after ${gaps.join(', ')} ms; every gap must be a pause (≥ ${PAUSE_MS} ms)`,
    );
    assert.ok(
      rows.every((r) => r.attempts_made === 1),
      'no message used more than the one attempt that went through',
    );
    for (const to of [first, ...rest]) assert.equal(relay.accepted(to), 1, to);
  });
});
