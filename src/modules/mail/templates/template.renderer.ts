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

/** A placeholder's variable and filter. */
type Use = readonly [name: string, filter: string | undefined];

/** Templates are constants: what each one uses is found once, not on every message queued. */
const variables = new WeakMap<Template, ReadonlySet<string>>();
const uses = new WeakMap<TemplateSource, readonly Use[]>();

/** The variable names a template uses, so the outbox can refuse a message that would not render. */
export function variablesOf(template: Template): ReadonlySet<string> {
  let names = variables.get(template);
  if (!names) {
    const found = new Set<string>();
    for (const source of Object.values(template))
      for (const part of [source.subject, source.html, source.text])
        for (const m of part.matchAll(PLACEHOLDER)) found.add(m[1]);
    variables.set(template, (names = found));
  }
  return names;
}

/** Every placeholder of one locale, subject first, then HTML, then text (the order rendering meets them). */
function usesOf(source: TemplateSource): readonly Use[] {
  let found = uses.get(source);
  if (!found) {
    found = [source.subject, source.html, source.text].flatMap((part) =>
      [...part.matchAll(PLACEHOLDER)].map((m): Use => [m[1], m[2]]),
    );
    uses.set(source, found);
  }
  return found;
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

/**
 * Intl formatters are costly to build (about 0.25 ms each, measured in bench/) and every signup
 * renders several: one per locale and unit, made once and reused.
 */
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const unitFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
      hourCycle: 'h23',
    });
    dateFormats.set(locale, format);
  }
  return format;
}

function unitFormat(locale: Locale, unit: string): Intl.NumberFormat {
  const key = `${locale}:${unit}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
    unitFormats.set(key, format);
  }
  return format;
}

function isoTime(iso: string): number {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) throw new TemplateError(`not an ISO time: ${JSON.stringify(iso)}`);
  return time;
}

function formatDatetime(iso: string, locale: Locale): string {
  return `${dateFormat(locale).format(isoTime(iso))} UTC`;
}

function formatDuration(iso: string, issuedAt: Date, locale: Locale): string {
  const until = isoTime(iso);
  const minutes = Math.max(1, Math.round((until - issuedAt.getTime()) / 60_000));
  const [amount, unit] =
    minutes >= 2 * 24 * 60 && minutes % (24 * 60) === 0
      ? [minutes / (24 * 60), 'day']
      : minutes >= 60 && minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : minutes >= 120
          ? [Math.round(minutes / 60), 'hour']
          : [minutes, 'minute'];
  return unitFormat(locale, unit).format(amount);
}

const GREETINGS: Record<Locale, (name: string) => string> = {
  en: (name) => (name ? `Hello ${name},` : 'Hello,'),
  ko: (name) => (name ? `${name}님, 안녕하세요.` : '안녕하세요.'),
};

/** The value a placeholder shows, unformatted; throws what rendering it would throw. */
function checkedValue(name: string, filter: string | undefined, values: TemplateValues): string {
  const raw = values[name];
  if (raw === undefined) throw new TemplateError(`no value for {{${name}}}`);
  if (filter === undefined) return String(raw);
  if (!(FILTERS as readonly string[]).includes(filter)) throw new TemplateError(`unknown filter "${filter}"`);
  if (filter === 'datetime' || filter === 'duration') isoTime(String(raw));
  return String(raw);
}

function valueFor(
  name: string,
  filter: string | undefined,
  values: TemplateValues,
  locale: Locale,
  issuedAt: Date,
): string {
  const raw = checkedValue(name, filter, values);
  if (filter === undefined) return raw;
  switch (filter as Filter) {
    case 'datetime':
      return formatDatetime(raw, locale);
    case 'duration':
      return formatDuration(raw, issuedAt, locale);
    case 'greeting':
      return GREETINGS[locale](raw.trim());
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

/**
 * The subject alone, as `renderTemplate` would render it, after checking that every value the
 * locale's HTML and text need can be shown (the same TemplateError rendering them would throw).
 * For the outbox, which stores the subject when a message is queued: the worker renders the whole
 * mail when it sends, so formatting the HTML and text here too would be work thrown away.
 */
export function renderSubject(
  template: Template,
  locale: Locale,
  values: TemplateValues,
  issuedAt: Date,
): string {
  const source = template[locale] ?? template.en;
  for (const [name, filter] of usesOf(source)) checkedValue(name, filter, values);
  return cleanHeaderText(fill(source.subject, (v) => v, values, locale, issuedAt));
}
