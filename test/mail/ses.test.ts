import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MessageRejected,
  type SendEmailCommandInput,
  type SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import sesLocal from 'aws-ses-v2-local';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config/config';
import { classifyAwsError } from '../../src/modules/mail/transports/aws/aws-error.classifier';
import { type OutgoingMail, TransportError } from '../../src/modules/mail/transports/mail-transport.port';
import { createSesClient } from '../../src/modules/mail/transports/ses/ses.client';
import { SesTransport } from '../../src/modules/mail/transports/ses/ses.transport';
import { deadPort, HttpStandIn, type Reply } from './http-stand-in';
import { providerContract } from './transport-contract';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-ses-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const config = (endpoint: string) =>
  loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    MAIL_TRANSPORT: 'ses',
    AWS_REGION: 'eu-west-1',
    SES_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  });

/** The client the registry would build, with a hook that keeps each SendEmail input for the test. */
function recordingClient(endpoint: string, inputs: SendEmailCommandInput[]): SESv2Client {
  const client = createSesClient(config(endpoint));
  client.middlewareStack.add(
    (next) => async (args) => {
      inputs.push(args.input as SendEmailCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'recordInput' },
  );
  return client;
}

function mail(to: string): OutgoingMail {
  return {
    messageId: `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
    from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
    to: { name: '김민준', address: to },
    subject: '이메일 주소를 확인해 주세요',
    text: 'code 123456',
    html: '<p>code 123456</p>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

/** aws-ses-v2-local (npm), a local SES v2 API: keeps what it accepted, readable at GET /store. */
async function startSesLocal(): Promise<{ url: string; server: Server; stored(): Promise<StoredEmail[]> }> {
  const server = await sesLocal({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    stored: async () => ((await (await fetch(`${url}/store`)).json()) as { emails: StoredEmail[] }).emails,
  };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const rawOf = (input: SendEmailCommandInput) => Buffer.from(input.Content?.Raw?.Data ?? []).toString('utf8');

providerContract('ses (aws-ses-v2-local)', async () => {
  const local = await startSesLocal();
  const inputs: SendEmailCommandInput[] = [];
  const transport = new SesTransport(config(local.url), recordingClient(local.url, inputs));
  return {
    transport,
    received: async (to) => {
      // Accepted by the local SES (stored for that recipient) and sent as raw content.
      const stored = (await local.stored()).filter((e) => e.destination.to.some((t) => t.includes(to)));
      const input = inputs.find((i) => i.Destination?.ToAddresses?.includes(to));
      return stored.length === 1 && input ? rawOf(input) : undefined;
    },
    close: () => closeServer(local.server),
  };
});

describe('ses against aws-ses-v2-local', () => {
  let local: Awaited<ReturnType<typeof startSesLocal>>;
  before(async () => {
    local = await startSesLocal();
  });
  after(() => closeServer(local.server));

  it('sends Content.Raw with our Message-ID to the one recipient, and SES stores it', async () => {
    const inputs: SendEmailCommandInput[] = [];
    const transport = new SesTransport(config(local.url), recordingClient(local.url, inputs));
    const m = mail('raw@example.test');
    const result = await transport.send(m);
    await transport.close();
    assert.match(result.response, /^SES accepted, MessageId \S+/);
    assert.deepEqual(inputs[0].Destination, { ToAddresses: ['raw@example.test'] });
    assert.equal(inputs[0].FromEmailAddress, 'no-reply@mailgate.test');
    assert.equal(inputs[0].Content?.Simple, undefined);
    const parsed = await simpleParser(rawOf(inputs[0]));
    assert.equal(parsed.messageId, m.messageId);
    const stored = (await local.stored()).find((e) =>
      e.destination.to.some((t) => t.includes('raw@example.test')),
    );
    assert.ok(stored, 'aws-ses-v2-local stored the message');
    assert.equal(stored.subject, m.subject, 'it decoded our MIME-encoded subject');
    assert.equal(stored.body.text?.trim(), 'code 123456');
  });
});

describe('ses error classification', () => {
  /** SES v2's REST-JSON errors: the status, `x-amzn-ErrorType` naming the error, a JSON message. */
  async function answering(reply: Reply): Promise<TransportError> {
    const standIn = await HttpStandIn.start(() => reply);
    const transport = new SesTransport(config(standIn.url), createSesClient(config(standIn.url)));
    try {
      const err = await transport.send(mail('x@example.test')).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError, String(err));
      const [req] = standIn.requests;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/v2/email/outbound-emails');
      assert.match(
        String(req.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\/aws4_request/,
      );
      return err;
    } finally {
      await transport.close();
      await standIn.close();
    }
  }

  it('TooManyRequestsException (HTTP 429) is throttled', async () => {
    const err = await answering({
      status: 429,
      headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
      body: { message: 'Too many requests' },
    });
    assert.equal(err.kind, 'throttled');
    assert.equal(err.message, 'SES: TooManyRequestsException (HTTP 429): sending rate or quota exceeded');
  });

  it('MessageRejected (HTTP 400) is permanent, without the service text', async () => {
    const err = await answering({
      status: 400,
      headers: { 'x-amzn-ErrorType': 'MessageRejected' },
      body: { message: 'Email address is not verified: secret@x' },
    });
    assert.equal(err.kind, 'permanent');
    assert.equal(err.message, 'SES: MessageRejected (HTTP 400): rejected');
  });

  it('a 5xx is retryable', async () => {
    const err = await answering({
      status: 503,
      headers: { 'x-amzn-ErrorType': 'ServiceUnavailable' },
      body: {},
    });
    assert.equal(err.kind, 'retryable');
  });

  it('the SDK exception classes and v1-style names map the same way', () => {
    const meta = { $metadata: { httpStatusCode: 400 }, message: 'x' };
    assert.equal(classifyAwsError('SES', new TooManyRequestsException(meta), new Set()).kind, 'throttled');
    assert.equal(
      classifyAwsError('SES', new MessageRejected(meta), new Set(['MessageRejected'])).kind,
      'permanent',
    );
    assert.equal(
      classifyAwsError('SES', { name: 'Throttling', $metadata: { httpStatusCode: 400 } }, new Set()).kind,
      'throttled',
    );
  });

  it('an unreachable endpoint is retryable', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const transport = new SesTransport(config(url), createSesClient(config(url)));
    try {
      const err = await transport.send(mail('y@example.test')).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'retryable');
      assert.match(err.message, /ECONNREFUSED/);
    } finally {
      await transport.close();
    }
  });
});
