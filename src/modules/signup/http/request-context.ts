import type { FastifyRequest } from 'fastify';
import { type Locale, pickLocale } from '../../mail/mail.port';

/** Who is asking, as far as rate limits and mail language care. */
export interface RequestContext {
  /** Fastify's request.ip: the socket peer, or X-Forwarded-For's client when TRUST_PROXY=on. */
  ip: string;
  locale: Locale;
}

export function contextOf(req: FastifyRequest): RequestContext {
  return { ip: req.ip, locale: pickLocale(req.headers['accept-language']) };
}
