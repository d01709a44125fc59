import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSnsUrl, type SnsMessage, stringToSign } from './sns-message';

const base: SnsMessage = {
  Type: 'Notification',
  MessageId: '4d4dc071-ddbf-465d-bba8-08f81c89da64',
  TopicArn: 'arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic',
  Message: 'My Test Message',
  Timestamp: '2019-01-31T04:37:04.321Z',
  SignatureVersion: '2',
  Signature: 'c2ln',
  SigningCertURL: 'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-x.pem',
};

describe('SNS string to sign', () => {
  it('Notification: Message, MessageId, Subject when present, Timestamp, TopicArn, Type', () => {
    assert.equal(
      stringToSign({ ...base, Subject: 'My subject', UnsubscribeURL: 'https://x', Token: 'ignored' }),
      'Message\nMy Test Message\nMessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\nSubject\nMy subject\n' +
        'Timestamp\n2019-01-31T04:37:04.321Z\nTopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic\nType\nNotification\n',
    );
    assert.equal(stringToSign(base)?.includes('Subject'), false, 'no Subject line without a Subject');
  });

  it('SubscriptionConfirmation: adds SubscribeURL and Token in byte order; both are required', () => {
    const confirmation: SnsMessage = {
      ...base,
      Type: 'SubscriptionConfirmation',
      Subject: 'not signed for confirmations',
      SubscribeURL: 'https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&Token=233',
      Token: '233',
    };
    assert.equal(
      stringToSign(confirmation),
      'Message\nMy Test Message\nMessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\n' +
        'SubscribeURL\nhttps://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&Token=233\n' +
        'Timestamp\n2019-01-31T04:37:04.321Z\nToken\n233\n' +
        'TopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic\nType\nSubscriptionConfirmation\n',
    );
    assert.equal(stringToSign({ ...confirmation, Token: undefined }), undefined);
  });
});

describe('SNS URLs that may be fetched', () => {
  it('https on sns.<region>.amazonaws.com(.cn), default port, no user info', () => {
    for (const ok of [
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.cn-north-1.amazonaws.com.cn/x.pem',
      'https://SNS.EU-WEST-1.AMAZONAWS.COM/x.pem',
    ])
      assert.equal(isSnsUrl(ok), true, ok);
    for (const bad of [
      'http://sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com.evil.example/x.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com:8443/x.pem',
      'https://user@sns.us-east-1.amazonaws.com/x.pem',
      'https://s3.us-east-1.amazonaws.com/x.pem',
      'https://sns.amazonaws.com/x.pem',
      'https://evilsns.us-east-1.amazonaws.com/x.pem',
      'not a url',
    ])
      assert.equal(isSnsUrl(bad), false, bad);
  });

  it('a test stand-in host replaces the AWS rule (any port), still https only', () => {
    assert.equal(isSnsUrl('https://127.0.0.1:8443/cert.pem', '127.0.0.1'), true);
    assert.equal(isSnsUrl('http://127.0.0.1:8443/cert.pem', '127.0.0.1'), false);
    assert.equal(isSnsUrl('https://sns.us-east-1.amazonaws.com/x.pem', '127.0.0.1'), false);
  });
});
