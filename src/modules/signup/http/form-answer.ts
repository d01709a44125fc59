import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { type Locale, pickLocale } from '../../mail/mail.port';
import { PAGE_HEADERS, isForm } from './html-page';

/** Sends one of the link pages (GET, or a form's answer) in the request's language. */
export async function answerPage(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  page: (locale: Locale) => string,
): Promise<void> {
  await reply
    .status(status)
    .headers(PAGE_HEADERS)
    .send(page(pickLocale(req.headers['accept-language'])));
}

/** What a confirm POST ended with, for the page that shows it. */
export type FormResult<T> = { value: T } | { error: AppError };

/**
 * Answers a POST made either by a confirm page's form (the emailed link's page) or by an API client:
 * runs `work`, then sends `status` with `json(value)` to a client, or the page `page(result)` to a
 * form. A refused request (an AppError) shows a form its page with the error's status and
 * Retry-After; an API client gets it from the global filter, as do unexpected errors from both.
 */
export async function answerFormOrJson<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: () => Promise<T>,
  render: { page: (result: FormResult<T>, locale: Locale) => string; json: (value: T) => unknown },
): Promise<void> {
  const form = isForm(req.headers['content-type']);
  let value: T;
  try {
    value = await work();
  } catch (err) {
    if (!form || !(err instanceof AppError)) throw err;
    if (err.retryAfter !== undefined) void reply.header('Retry-After', String(Math.ceil(err.retryAfter)));
    await answerPage(req, reply, err.status, (locale) => render.page({ error: err }, locale));
    return;
  }
  if (form) await answerPage(req, reply, status, (locale) => render.page({ value }, locale));
  else await reply.status(status).send(render.json(value));
}
