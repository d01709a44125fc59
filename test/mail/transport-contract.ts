import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  type MailTransport,
  type OutgoingMail,
  TransportError,
} from '../../src/modules/mail/transports/mail-transport.port';
import { SmtpSink } from './smtp-sink';

/** Builds the adapter under test, pointed at the test SMTP server. */
export type TransportFactory = (sink: SmtpSink) => MailTransport;

function mail(to: string, name = '김민준'): OutgoingMail {
  return {
    messageId: `<${randomUUID()}@mailgate.test>`,
    from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
    to: { name, address: to },
    subject: '이메일 주소를 확인해 주세요',
    text: 'code 123456',
    html: '<p>code 123456</p>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

async function failure(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TransportError, `expected a TransportError, got ${String(err)}`);
    return err;
  }
  throw new Error('expected the send to fail');
}

/**
 * What every SMTP-speaking transport promises, run against each of them (STYLE: one contract, many
 * adapters, one shared suite). Providers with their own APIs (SES, Gmail API) get their own fakes.
 */
export function transportContract(name: string, create: TransportFactory): void {
  describe(`transport contract: ${name}`, () => {
    let sink: SmtpSink;
    let transport: MailTransport;
    before(async () => {
      sink = await SmtpSink.start();
      transport = create(sink);
    });
    after(async () => {
      await transport.close();
      await sink.close();
    });

    const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

    it('delivers with our Message-ID, the encoded name and the one recipient', async () => {
      const to = addr('ok');
      const m = mail(to);
      const result = await transport.send(m);
      assert.deepEqual(result.accepted, [to]);
      assert.match(result.response, /^250/);
      const [got] = sink.to(to);
      assert.equal(got.messageId, m.messageId);
      assert.deepEqual(got.rcptTo, [to]);
      assert.match(got.headers, /^Subject: =\?UTF-8\?/im, 'a Korean subject is MIME-encoded');
      assert.match(got.headers, /^Auto-Submitted: auto-generated$/im);
    });

    it('a CR/LF in the display name adds no header and no recipient', async () => {
      const to = addr('eve');
      await transport.send(mail(to, 'Eve\r\nBcc: victim@evil.test'));
      const [got] = sink.to(to);
      assert.deepEqual(got.rcptTo, [to]);
      assert.doesNotMatch(got.headers, /^bcc:/im);
    });

    it('a 4xx answer is retryable, 454 throttled, 5xx permanent', async () => {
      const cases: [number, string][] = [
        [451, 'retryable'],
        [454, 'throttled'],
        [550, 'permanent'],
      ];
      for (const [code, kind] of cases) {
        const to = addr(String(code));
        sink.script(to, [code]);
        const err = await failure(transport.send(mail(to)));
        assert.equal(err.kind, kind, String(code));
        assert.match(err.message, new RegExp(`^SMTP ${code}`));
      }
    });
  });
}

/** For adapters whose server is down: a refused connection is retryable. */
export async function refusedIsRetryable(transport: MailTransport): Promise<void> {
  const err = await failure(transport.send(mail('nobody@example.test')));
  assert.equal(err.kind, 'retryable');
  assert.match(err.message, /network|not running/);
}
