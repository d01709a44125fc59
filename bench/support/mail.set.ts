/**
 * The message set every mailbox benchmark sends: `count` messages shaped like mailgate's own
 * verification mail (multipart/alternative, a quoted-printable text part and an HTML part, about
 * 1.3 KiB), all to one recipient so one IMAP mailbox holds them all. Deterministic, CRLF line
 * ends, no line starts with a dot (so the same bytes go on the wire, to disk and into a maildir).
 */
export const BENCH_SENDER = 'no-reply@mailgate.test';
export const BENCH_RECIPIENT = 'bench@example.test';

export function benchMessage(i: number): Buffer {
  const code = String(100000 + ((i * 7919) % 900000));
  const token = Buffer.from(`token-${i}-${code}`).toString('base64url');
  const date = new Date(Date.UTC(2026, 10, 21, 12, 0, 0) + i * 1000).toUTCString().replace('GMT', '+0000');
  const boundary = `--_mailgate_bench_${i}`;
  const lines = [
    `From: "mailgate" <${BENCH_SENDER}>`,
    `To: "Bench User ${i}" <${BENCH_RECIPIENT}>`,
    `Subject: Your verification code is ${code}`,
    `Message-ID: <bench-${i}@mailgate.test>`,
    `Date: ${date}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    `Hello Bench User ${i},`,
    '',
    `Your code is ${code}. Or open this link to verify your address:`,
    `http://127.0.0.1:3000/users/email-verify?signupVerifyToken=3D${token}`,
    '',
    'The link works for 24 hours and the code for 30 minutes. If you did not sign =',
    'up, ignore this message.',
    '',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    `<!doctype html><html><body><p>Hello Bench User ${i},</p><p>Your code is <b>${code}</b>.=`,
    `</p><p><a href=3D"http://127.0.0.1:3000/users/email-verify?signupVerifyToken=3D${token}">=`,
    'Verify your address</a></p><p>The link works for 24 hours and the code for 30 minutes.</p>=',
    '</body></html>',
    '',
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export function benchMessages(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => benchMessage(i + 1));
}
