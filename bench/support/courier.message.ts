import { randomBytes } from 'node:crypto';

/**
 * The message both sides of the courier benchmark send: the same recipient pattern, subject and a
 * plain-text body of about 1 KiB, so raw nodemailer and mailgate put the same bytes on the wire
 * (mailgate adds its Message-ID and two auto-reply headers, which raw gets too).
 */
export const COURIER_FROM = 'bench <no-reply@bench.example>';

const BODY = `${'The quick brown fox jumps over the lazy dog. '.repeat(22)}\n`;

export interface CourierMessage {
  to: string;
  subject: string;
  text: string;
}

export function courierMessages(tag: string): () => CourierMessage {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return () => {
    n++;
    return { to: `bench-${tag}-${run}-${n}@example.com`, subject: `Courier bench ${run} #${n}`, text: BODY };
  };
}
