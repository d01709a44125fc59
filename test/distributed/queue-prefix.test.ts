import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { EmailApiClient } from '../support/email-api';
import { MailboxClient } from '../support/mailbox-client';
import { until } from '../support/outage';
import { distributedEnv } from '../support/redis';
import { skipWithout } from '../support/services';

const API_KEY = 'prefix-test-key-0123456789';

/**
 * Upgrading across the queue's move to a hash-tagged prefix (`mailgate:mail:…` → `{mailgate}:mail:…`):
 * mail queued by the old release has its jobs under the old prefix, which the new workers never
 * read. The rows in PostgreSQL are the truth, so the relay adds their jobs again under the new
 * prefix and every message is sent, once.
 */
describe(
  'upgrade: jobs left under the old queue prefix',
  { skip: skipWithout('postgres') || skipWithout('redis') },
  () => {
    let services: Awaited<ReturnType<typeof distributedEnv>>;
    let redis: Redis;
    let api: TestApp | undefined;
    let all: TestApp | undefined;

    before(async () => {
      services = await distributedEnv();
      redis = new Redis(services.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    });
    after(async () => {
      await api?.destroy();
      await all?.destroy();
      redis?.disconnect();
      await services?.cleanup();
    });

    const env = () => ({ ...services.env, API_KEYS: API_KEY, RATE_LIMIT: 'off' });
    const prefix = () => services.env.REDIS_KEY_PREFIX;
    const scan = (pattern: string) => redis.keys(pattern);
    /** The queue as releases before the hash tag named it: prefix `mailgate`, keys `mailgate:mail:…`. */
    const oldRelease = () => new Queue('mail', { connection: redis, prefix: prefix().replace(/:+$/, '') });

    it('sends every message queued before the upgrade, once', async () => {
      // The old release's api: rows committed, jobs added (here under the new prefix by this build,
      // then moved to where the old release put them).
      api = await startTestApp(env(), undefined, 'api');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await new EmailApiClient(api.url, API_KEY).send({
          to: `upgrade${i}@example.com`,
          subject: `Before ${i}`,
          text: 'queued by the old release',
        });
        assert.equal(res.status, 202);
        ids.push(((await res.json()) as { id: string }).id);
      }
      await api.destroy(); // flushes its job adds
      api = undefined;
      const tagged = `{${prefix().replace(/:+$/, '')}}:mail:*`;
      const added = await scan(tagged);
      assert.ok(added.length > 0, 'this build adds its jobs under the hash-tagged prefix');
      await redis.del(...added);
      const old = oldRelease();
      await old.addBulk(ids.map((id) => ({ name: 'deliver', data: { id }, opts: { jobId: id } })));
      await old.close();
      assert.equal((await scan(`${prefix()}mail:*`)).length > 0, true);

      // The new release: worker, relay and mailbox.
      all = await startTestApp({ ...env(), MAIL_RELAY_INTERVAL: '1', MAIL_RELAY_GRACE: '1' });
      const mailbox = new MailboxClient(all.url);
      for (let i = 0; i < ids.length; i++)
        assert.ok(await mailbox.waitFor(`upgrade${i}@example.com`, { timeoutMs: 15_000 }), `mail ${i} sent`);
      const emails = new EmailApiClient(all.url, API_KEY);
      await until('every message sent', async () =>
        (await Promise.all(ids.map((id) => emails.status(id)))).every((s) => s === 'sent'),
      );
      assert.equal((await mailbox.list()).length, ids.length, 'each message once');
      // The old jobs were not what sent them: they are still waiting where the old release left them.
      const oldQueue = oldRelease();
      assert.equal(await oldQueue.getWaitingCount(), ids.length);
      await oldQueue.close();
    });
  },
);
