/**
 * What a test or a developer usually wants from a verification mail: its links and its codes.
 * Both work on untrusted input, so the patterns are linear (no nested quantifiers) and bounded.
 */

const MAX_INPUT = 1024 * 1024;
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
/** Trailing characters that end a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}>]+$/;
/**
 * A standalone code: 4–8 digits not glued to letters, other digits, or the punctuation of dates,
 * times, decimals, phone numbers, URLs and query strings (`2026-11-21`, `10:30`, `1.5`, `?code=`).
 */
const CODE = /(?<![\w./:@#%+=&?-])\d{4,8}(?![\w/:@%+-]|[.,]\d)/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => ENTITIES[name]);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** http(s) URLs from the HTML hrefs, then from the text; de-duplicated, in order of appearance. */
export function extractLinks(text: string | undefined, html: string | undefined): string[] {
  const found = new Set<string>();
  for (const match of (html ?? '').slice(0, MAX_INPUT).matchAll(HREF)) {
    const url = decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim());
    if (isWebUrl(url)) found.add(url);
  }
  for (const match of (text ?? '').slice(0, MAX_INPUT).matchAll(TEXT_URL)) {
    const url = match[0].replace(TRAILING, '');
    if (isWebUrl(url)) found.add(url);
  }
  return [...found];
}

/** Standalone 4–8 digit codes in the subject and text; 6-digit ones first, else in order of appearance. */
export function extractCodes(subject: string | undefined, text: string | undefined): string[] {
  const found = new Set<string>();
  for (const source of [subject ?? '', (text ?? '').slice(0, MAX_INPUT)]) {
    for (const match of source.matchAll(CODE)) found.add(match[0]);
  }
  const codes = [...found];
  return [...codes.filter((c) => c.length === 6), ...codes.filter((c) => c.length !== 6)];
}
