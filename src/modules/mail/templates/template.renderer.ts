import type { Locale } from '../mail.port';

/** One locale of one template: the three parts a mail is made of. */
export interface TemplateSource {
  subject: string;
  html: string;
  text: string;
}

export type Template = Record<Locale, TemplateSource>;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export type TemplateValues = Record<string, string | number>;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * `{{ name }}` inserts a value; `{{ name | datetime }}` shows an ISO time as a date and time in UTC
 * with the zone named; `{{ name | duration }}` shows how long from the moment the mail was queued
 * until that time ("24 hours", "30분"); `{{ name | greeting }}` is the locale's salutation with the name,
 * or without it when the name is empty ("Hello Ada," / "Hello,"). Nothing else: templates hold no logic.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;

const FILTERS = ['datetime', 'duration', 'greeting'] as const;
type Filter = (typeof FILTERS)[number];

/** The variable names a template uses, so the outbox can refuse a message that would not render. */
export function variablesOf(template: Template): Set<string> {
  const names = new Set<string>();
  for (const source of Object.values(template))
    for (const part of [source.subject, source.html, source.text])
      for (const m of part.matchAll(PLACEHOLDER)) names.add(m[1]);
  return names;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes for both element content and quoted attribute values (links go into href="…"). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * For text that ends up in a header (a subject, a display name): CR/LF would start a new header line,
 * and other control characters have no business there either. nodemailer encodes headers too; this
 * is the belt to its braces.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function cleanHeaderText(value: string): string {
  return value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB', ko: 'ko-KR' };

function formatDatetime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new TemplateError(`not an ISO time: ${JSON.stringify(iso)}`);
  const text = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
    hourCycle: 'h23',
  }).format(date);
  return `${text} UTC`;
}

function formatDuration(iso: string, issuedAt: Date, locale: Locale): string {
  const until = new Date(iso).getTime();
  if (Number.isNaN(until)) throw new TemplateError(`not an ISO time: ${JSON.stringify(iso)}`);
  const minutes = Math.max(1, Math.round((until - issuedAt.getTime()) / 60_000));
  const [amount, unit] =
    minutes >= 2 * 24 * 60 && minutes % (24 * 60) === 0
      ? [minutes / (24 * 60), 'day']
      : minutes >= 60 && minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : minutes >= 120
          ? [Math.round(minutes / 60), 'hour']
          : [minutes, 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

const GREETINGS: Record<Locale, (name: string) => string> = {
  en: (name) => (name ? `Hello ${name},` : 'Hello,'),
  ko: (name) => (name ? `${name}님, 안녕하세요.` : '안녕하세요.'),
};

function valueFor(
  name: string,
  filter: string | undefined,
  values: TemplateValues,
  locale: Locale,
  issuedAt: Date,
): string {
  const raw = values[name];
  if (raw === undefined) throw new TemplateError(`no value for {{${name}}}`);
  if (filter === undefined) return String(raw);
  if (!(FILTERS as readonly string[]).includes(filter)) throw new TemplateError(`unknown filter "${filter}"`);
  switch (filter as Filter) {
    case 'datetime':
      return formatDatetime(String(raw), locale);
    case 'duration':
      return formatDuration(String(raw), issuedAt, locale);
    case 'greeting':
      return GREETINGS[locale](String(raw).trim());
  }
}

function fill(
  part: string,
  encode: (v: string) => string,
  values: TemplateValues,
  locale: Locale,
  issuedAt: Date,
) {
  return part.replace(PLACEHOLDER, (_m, name: string, filter: string | undefined) =>
    encode(valueFor(name, filter, values, locale, issuedAt)),
  );
}

/**
 * Renders one locale of a template. Values are HTML-escaped in the HTML part, left as they are in
 * the text part (plain text has no markup to break), and the subject is stripped of control
 * characters after filling. `issuedAt` (when the message was queued) anchors `| duration`, so a
 * retry an hour later still says "24 hours" — the same mail, whenever it goes out.
 */
export function renderTemplate(
  template: Template,
  locale: Locale,
  values: TemplateValues,
  issuedAt: Date,
): RenderedMail {
  const source = template[locale] ?? template.en;
  return {
    subject: cleanHeaderText(fill(source.subject, (v) => v, values, locale, issuedAt)),
    html: fill(source.html, escapeHtml, values, locale, issuedAt),
    text: fill(source.text, (v) => v, values, locale, issuedAt),
  };
}
