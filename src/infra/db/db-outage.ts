/**
 * Which PostgreSQL (pg / pg-pool) errors mean "the database cannot be reached" rather than "this
 * statement is wrong". Classified once here, inside the adapter, so callers see one error type.
 */

/** Socket-level failures while connecting or talking to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** pg and pg-pool raise these as plain Errors, so the message is all there is. */
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
];

/**
 * SQLSTATEs of a server that is going away or full: 08xxx connection exceptions, 57P01-03 admin or
 * crash shutdown / cannot connect now, 53300 too many connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

export function isDatabaseOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || (code.length === 5 && isUnavailableSqlState(code)))
  )
    return true;
  return DRIVER_MESSAGES.includes(err.message);
}
