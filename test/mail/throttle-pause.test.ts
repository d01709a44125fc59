import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MAIL_COURIER, type MailCourier } from '../../src/modules/mail/mail.port';
import { WORKER } from '../../src/modules/mail/worker/mail.worker';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { waitFor } from './smtp-sink';

interface Attempt {
  message_id: string;
  outcome: string;
  error: string | null;
  /** When the attempt began: its row is written when it ends (`at`), `duration_ms` after it began. */
  started: number;
}

const PAUSE_MS = 300;
const PAUSE_MAX_MS = 600;

/**
 * The dev mailbox's chaos switch answers 454 ("slow down"): the worker must pause the transport
 * rather than burn attempts, and probe it with one message per pause window.
 */
describe('throttling pauses the transport instead of burning attempts', () => {
  let app: TestApp;
  let mailbox: MailboxClient;
  before(async () => {
    app = await startTestApp({
      MAILBOX_CHAOS: '454:1:3',
      MAIL_THROTTLE_PAUSE: String(PAUSE_MS / 1000),
      MAIL_THROTTLE_PAUSE_MAX: String(PAUSE_MAX_MS / 1000),
    });
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app.destroy();
  });

  const courier = () => app.app.get<symbol, MailCourier>(MAIL_COURIER);

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

  async function attempts(ids: string[]): Promise<Attempt[]> {
    const rows = await app.runtime.db.query<{
      message_id: string;
      outcome: string;
      error: string | null;
      at: Date;
      duration_ms: number;
    }>(
      `SELECT message_id, outcome, error, at, duration_ms FROM message_attempts
        WHERE message_id = ANY($1::uuid[]) ORDER BY at, id`,
      [ids],
    );
    return rows.map((r) => ({
      message_id: r.message_id,
      outcome: r.outcome,
      error: r.error,
      started: new Date(r.at).getTime() - r.duration_ms,
    }));
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
      20_000,
    );
  }

  it('one message: three 454s, then sent; the throttles are not counted and the pause doubles', async () => {
    const to = `slow-${randomUUID().slice(0, 8)}@example.test`;
    const [id] = await enqueue([to]);
    const [row] = await allSent([id]);
    assert.equal(row.attempts_made, 1, 'only the send that went through counts');
    const got = await attempts([id]);
    assert.deepEqual(
      got.map((a) => a.outcome),
      ['throttled', 'throttled', 'throttled', 'sent'],
    );
    assert.equal(got[0].error, 'SMTP 454: server asked to slow down (after DATA)');
    // Each try starts no earlier than the pause after the one before: 300, 600, then the 600 cap.
    const gaps = got.slice(1).map((a, i) => a.started - got[i].started);
    for (const [i, floor] of [PAUSE_MS, PAUSE_MAX_MS, PAUSE_MAX_MS].entries())
      assert.ok(gaps[i] >= floor - 20, `gap ${i} was ${gaps[i]} ms, the pause ${floor} ms`);
    assert.equal((await mailbox.list({ to })).length, 1);

    const view = (await (
      await fetch(`${app.url}/emails/${id}`, {
        headers: { authorization: `Bearer ${app.runtime.config.apiKeys[0]}` },
      })
    ).json()) as { attempts: { outcome: string; error?: string }[] };
    assert.deepEqual(
      view.attempts.map((a) => a.outcome),
      ['throttled', 'throttled', 'throttled', 'sent'],
    );
  });

  it('a full queue: after the first wave, one send per pause window meets the throttled transport', async (t) => {
    const chaos = (rules: unknown) =>
      fetch(`${app.url}/mailbox/api/chaos`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules }),
      });
    assert.equal((await chaos([{ reply: 454, rate: 1 }])).status, 200);
    const addresses = Array.from(
      { length: 20 },
      (_, i) => `queue-${i}-${randomUUID().slice(0, 6)}@example.test`,
    );
    const ids = await enqueue(addresses);
    // Long enough for several pause windows (300, 600, 600 … ms) with every send refused.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal((await chaos([])).status, 200);
    const rows = await allSent(ids);
    assert.ok(
      rows.every((r) => r.attempts_made === 1),
      'no message used more than the one attempt that went through',
    );

    const throttled = (await attempts(ids)).filter((a) => a.outcome === 'throttled');
    const first = throttled[0];
    // The first wave: sends already under way when the first 454 came back (at most one per slot).
    const firstWave = throttled.filter((a) => a.started <= first.started + 50);
    const probes = throttled.slice(firstWave.length);
    t.diagnostic(
      `throttled sends: ${throttled.length} (first wave ${firstWave.length}, probes ${probes.length})`,
    );
    assert.ok(firstWave.length <= WORKER.concurrency, `first wave ${firstWave.length}`);
    assert.ok(probes.length >= 2, `probes while throttled: ${probes.length}`);
    assert.ok(throttled.length < addresses.length, `${throttled.length} throttled sends for 20 messages`);
    for (let i = 1; i < probes.length; i++) {
      const gap = probes[i].started - probes[i - 1].started;
      assert.ok(gap >= PAUSE_MS - 20, `probes ${i - 1} and ${i} started ${gap} ms apart`);
    }
    for (const to of addresses) assert.equal((await mailbox.list({ to })).length, 1, to);
  });
});
