import { MailRejectedError } from '../mail.port';
import { emailChangeNotice } from './email-change-notice/email-change-notice.template';
import { emailChangeVerify } from './email-change-verify/email-change-verify.template';
import { passwordChanged } from './password-changed/password-changed.template';
import { passwordReset } from './password-reset/password-reset.template';
import { signupExists } from './signup-exists/signup-exists.template';
import { signupVerify } from './signup-verify/signup-verify.template';
import { type Template, variablesOf } from './template.renderer';

/**
 * Every template by the name features enqueue. Templates are TypeScript modules rather than
 * .html/.txt files so tsc type-checks them and ships them in dist with no copy step to forget.
 */
const TEMPLATES: Record<string, Template> = {
  'signup-verify': signupVerify,
  'signup-exists': signupExists,
  'password-reset': passwordReset,
  'password-changed': passwordChanged,
  'email-change-verify': emailChangeVerify,
  'email-change-notice': emailChangeNotice,
};

/**
 * Templates whose mail is completed at send time by a feature's send guard (mail.port.ts, SendGuard)
 * and must never go out without it: a password-reset link works only once the guard has bound its
 * request to the account, and an address without an account gets no mail at all; a signup's
 * verification mail to an address that has an account is replaced by the account-exists notice.
 */
export const GUARDED_TEMPLATES = ['password-reset', 'signup-verify'] as const;

export function findTemplate(name: string): Template | undefined {
  return Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined;
}

/** Throws when a message could not be rendered later: caught at enqueue, inside the caller's tests. */
export function assertRenderable(name: string, available: Iterable<string>): void {
  const template = findTemplate(name);
  if (!template) throw new MailRejectedError('template', `unknown mail template "${name}"`);
  const have = new Set(available);
  const missing = [...variablesOf(template)].filter((v) => !have.has(v));
  if (missing.length > 0)
    throw new MailRejectedError('data', `mail template "${name}" needs values for: ${missing.join(', ')}`);
}
