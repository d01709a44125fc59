import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSesNotification } from './ses-notification';

const bounce = (bounceType: string, addresses: string[]) =>
  JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: addresses.map((emailAddress) => ({
        emailAddress,
        status: '5.1.1',
        action: 'failed',
      })),
      timestamp: '2026-11-21T20:00:00.000Z',
      feedbackId: 'x',
    },
    mail: { messageId: 'ses-id', destination: addresses },
  });

describe('SES notifications', () => {
  it('a Permanent bounce suppresses every bounced recipient as hard_bounce', () => {
    assert.deepEqual(readSesNotification(bounce('Permanent', ['a@example.com', 'Bob <b@example.com>'])), {
      kind: 'Bounce/Permanent',
      suppress: [
        { address: 'a@example.com', reason: 'hard_bounce' },
        { address: 'b@example.com', reason: 'hard_bounce' },
      ],
    });
  });

  it('Transient and Undetermined bounces suppress nothing', () => {
    assert.deepEqual(readSesNotification(bounce('Transient', ['a@example.com']))?.suppress, []);
    assert.deepEqual(readSesNotification(bounce('Undetermined', ['a@example.com']))?.suppress, []);
  });

  it('a complaint suppresses as complaint, unless the feedback is not-spam', () => {
    const complaint = (complaintFeedbackType?: string) =>
      JSON.stringify({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'c@example.com' }], complaintFeedbackType },
        mail: {},
      });
    assert.deepEqual(readSesNotification(complaint('abuse')), {
      kind: 'Complaint/abuse',
      suppress: [{ address: 'c@example.com', reason: 'complaint' }],
    });
    assert.deepEqual(readSesNotification(complaint())?.suppress, [
      { address: 'c@example.com', reason: 'complaint' },
    ]);
    assert.deepEqual(readSesNotification(complaint('not-spam'))?.suppress, []);
  });

  it('event publishing (eventType) reads the same; deliveries and junk suppress nothing', () => {
    const event = JSON.parse(bounce('Permanent', ['e@example.com'])) as Record<string, unknown>;
    delete event.notificationType;
    event.eventType = 'Bounce';
    assert.equal(readSesNotification(JSON.stringify(event))?.suppress.length, 1);
    assert.deepEqual(readSesNotification(JSON.stringify({ notificationType: 'Delivery', delivery: {} })), {
      kind: 'Delivery',
      suppress: [],
    });
    assert.equal(readSesNotification('Hello world'), undefined);
    assert.equal(readSesNotification('{"foo": 1}'), undefined);
    assert.deepEqual(readSesNotification(bounce('Permanent', ['not an address']))?.suppress, []);
  });
});
