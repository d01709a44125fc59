import { defineErrors } from '../../common/errors/app-error';

/**
 * The codes of password reset and email change, besides the common ones and SignupErrors'
 * `rate_limited` / `unauthorized`. `invalid_token` and `invalid_code` mean what they mean for
 * signup verification.
 */
export const AccountErrors = defineErrors({
  invalidToken: {
    status: 400,
    code: 'invalid_token',
    message: 'This link is invalid or has expired.',
  },
  invalidCode: { status: 400, code: 'invalid_code', message: 'The code is wrong or has expired.' },
  alreadyUsed: { status: 409, code: 'already_used', message: 'This link has already been used.' },
  emailTaken: {
    status: 409,
    code: 'email_taken',
    message: 'This address now belongs to another account.',
  },
  invalidPassword: { status: 401, code: 'invalid_password', message: 'The current password is wrong.' },
  missingChallenge: {
    status: 400,
    code: 'validation_failed',
    message: 'Send the token (or, to confirm by code, email and code).',
  },
  unavailable: {
    status: 503,
    code: 'service_unavailable',
    message: 'The account store is unavailable: try again shortly.',
  },
});
