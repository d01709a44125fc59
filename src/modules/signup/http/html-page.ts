import { createHash } from 'node:crypto';
import type { Locale } from '../../mail/mail.port';

/**
 * The frame of the small HTML pages the emailed links open (signup verification, password reset,
 * email change and its undo). Their GET never changes anything: mail scanners and link previewers
 * open links, so only a form POST acts.
 */

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}' +
  'button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#2456d3;color:#fff;cursor:pointer}' +
  'label{display:block;margin:1rem 0 .3rem}input{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;margin-bottom:1rem}' +
  '.error{color:#b3261e}';

/** The one inline style is allowed by its hash; no script, no outside resource, no framing. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `body` is HTML: escape every value put into it. */
export function htmlPage(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}

/** True when the body came from an HTML form rather than JSON (the answer is then a page). */
export function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}
