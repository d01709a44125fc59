import { z } from 'zod';

/**
 * An Amazon SNS message as it reaches an HTTP(S) subscription (AWS SNS developer guide, "HTTP/HTTPS
 * notification JSON format" and "… subscription confirmation JSON format"). Unknown fields are
 * allowed: AWS may add some, and only the signed ones below are trusted.
 */
export const SNS_MESSAGE_TYPES = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

const text = z.string().max(262_144);

export const snsMessageSchema = z.object({
  Type: z.enum(SNS_MESSAGE_TYPES),
  MessageId: z.string().min(1).max(128),
  TopicArn: z.string().min(1).max(1024),
  Message: text,
  Timestamp: z.string().min(1).max(64),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1).max(4096),
  SigningCertURL: z.string().min(1).max(2048),
  Subject: text.optional(),
  SubscribeURL: z.string().max(4096).optional(),
  Token: z.string().max(4096).optional(),
  UnsubscribeURL: z.string().max(4096).optional(),
});
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/**
 * The string SNS signed: "name\nvalue\n" for each signed field, in byte order of the names. For a
 * Notification: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; for a
 * (Un)SubscriptionConfirmation: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 * Undefined when a confirmation lacks a field it must sign.
 */
export function stringToSign(m: SnsMessage): string | undefined {
  const fields: [string, string | undefined][] =
    m.Type === 'Notification'
      ? [
          ['Message', m.Message],
          ['MessageId', m.MessageId],
          ['Subject', m.Subject],
          ['Timestamp', m.Timestamp],
          ['TopicArn', m.TopicArn],
          ['Type', m.Type],
        ]
      : [
          ['Message', m.Message],
          ['MessageId', m.MessageId],
          ['SubscribeURL', m.SubscribeURL],
          ['Timestamp', m.Timestamp],
          ['Token', m.Token],
          ['TopicArn', m.TopicArn],
          ['Type', m.Type],
        ];
  if (m.Type !== 'Notification' && (m.SubscribeURL === undefined || m.Token === undefined)) return undefined;
  return fields
    .filter(([name, value]) => value !== undefined || name !== 'Subject')
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
}

/** sns.REGION.amazonaws.com (and .com.cn in China): where SNS serves its signing certificates. */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * Whether a URL in a message (SigningCertURL, SubscribeURL) may be fetched: https on SNS's own host
 * and default port, no user info. `testHost` (tests only, see config) replaces the SNS host check
 * with one exact host name on any port, for a local stand-in.
 */
export function isSnsUrl(value: string, testHost?: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  if (testHost !== undefined) return url.hostname === testHost;
  return url.port === '' && SNS_HOST.test(url.hostname);
}
