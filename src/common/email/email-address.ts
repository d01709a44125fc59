/**
 * Email addresses as RFC 5321 allows them for mail we send (ASCII only; SMTPUTF8 is out of scope):
 * a dot-atom or quoted-string local part of at most 64 octets, a domain of letter-digit-hyphen labels
 * of at most 63 octets each, and at most 254 octets in all (the forward-path limit minus its brackets).
 * Address literals (`user@[1.2.3.4]`) are refused: no real signup uses one.
 */
export interface EmailAddress {
  /** Local part as given, domain lower-cased: the address mail is sent to. */
  email: string;
  /** What the user typed (trimmed), for display. */
  display: string;
  /** The whole address lower-cased: one account per key, whatever the capitalisation. */
  key: string;
}

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`);
/** qtext and quoted-pair of RFC 5321 §4.1.2: printable ASCII only, so no CR/LF can ride in. */
const QUOTED = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why an address is refused, in words fit for the `fields` of a 400; undefined when it is fine. */
export function emailProblem(input: string): string | undefined {
  const value = input.trim();
  if (value.length === 0) return 'is required';
  if (Buffer.byteLength(value) > MAX_ADDRESS) return `must be at most ${MAX_ADDRESS} characters`;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return 'must look like name@example.com';
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (Buffer.byteLength(local) > MAX_LOCAL) return `must have at most ${MAX_LOCAL} characters before the @`;
  if (!DOT_ATOM.test(local) && !QUOTED.test(local)) return 'has characters not allowed before the @';
  if (domain.length > MAX_DOMAIN) return 'has too long a domain';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)))
    return 'must end in a domain like example.com';
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'must end in a domain like example.com';
  return undefined;
}

/** Normalises a valid address (call `emailProblem` first; this throws on an invalid one). */
export function parseEmail(input: string): EmailAddress {
  const problem = emailProblem(input);
  if (problem !== undefined) throw new Error(`invalid email address: ${problem}`);
  const display = input.trim();
  const at = display.lastIndexOf('@');
  const email = `${display.slice(0, at)}@${display.slice(at + 1).toLowerCase()}`;
  return { email, display, key: display.toLowerCase() };
}

/** The address's account key, or undefined when it is not an address an account can have. */
export function emailKeyOf(input: string): string | undefined {
  try {
    return parseEmail(input).key;
  } catch {
    return undefined;
  }
}
