import type { Locale } from '../../mail/mail.port';
import { RESET_TTL_SECONDS } from '../domain/account.limits';
import { escapeHtml, htmlPage } from '../http/html-page';

/**
 * The reset pages. Without a token, GET /users/password-reset asks for the address (a form posting
 * to POST /users/password-reset, answered with "check your mail"). With one — the page the mailed
 * link opens — it is a form for the new password. Opening either changes nothing (mail scanners
 * open links); only submitting a form acts.
 */

type Text = Record<
  | 'requestTitle'
  | 'requestBody'
  | 'emailLabel'
  | 'requestButton'
  | 'badEmail'
  | 'sentTitle'
  | 'sentBody'
  | 'slowTitle'
  | 'slowBody'
  | 'unavailableBody'
  | 'formTitle'
  | 'formBody'
  | 'label'
  | 'button'
  | 'weak'
  | 'doneTitle'
  | 'doneBody'
  | 'usedTitle'
  | 'usedBody'
  | 'badTitle'
  | 'badBody'
  | 'busyTitle'
  | 'busyBody',
  string
>;

const TEXT: Record<Locale, Text> = {
  en: {
    requestTitle: 'Reset your password',
    requestBody: 'Enter the email address of your account. We will send it a link to choose a new password.',
    emailLabel: 'Email address',
    requestButton: 'Send me a link',
    badEmail: 'Enter a valid email address.',
    sentTitle: 'Check your mail',
    sentBody:
      'If this address has an account, a message with a link to choose a new password is on its way. The link works for {minutes} minutes.',
    slowTitle: 'Too many requests',
    slowBody: 'Too many links were asked for this address or from your network. Try again later.',
    unavailableBody: 'We could not take your request right now.',
    formTitle: 'Choose a new password',
    formBody: 'Enter a new password for your account (8 to 128 characters).',
    label: 'New password',
    button: 'Set my new password',
    weak: 'The password must be 8 to 128 characters long.',
    doneTitle: 'Your password was changed',
    doneBody: 'Sign in with your new password. Every earlier session was signed out.',
    usedTitle: 'Already used',
    usedBody: 'This link has already been used. Ask for a new one if you still need to reset your password.',
    badTitle: 'This link does not work',
    badBody: 'It is invalid, has expired, or a newer link was sent. Ask for a new password reset.',
    busyTitle: 'Please try again shortly',
    busyBody: 'We could not change your password right now.',
  },
  ko: {
    requestTitle: '비밀번호 재설정',
    requestBody: '계정의 이메일 주소를 입력해 주세요. 새 비밀번호를 정할 수 있는 링크를 보내 드립니다.',
    emailLabel: '이메일 주소',
    requestButton: '링크 보내기',
    badEmail: '올바른 이메일 주소를 입력해 주세요.',
    sentTitle: '메일을 확인해 주세요',
    sentBody:
      '이 주소로 가입된 계정이 있다면 새 비밀번호를 정할 수 있는 링크가 담긴 메일이 발송됩니다. 링크는 {minutes}분 동안 유효합니다.',
    slowTitle: '요청이 너무 많습니다',
    slowBody:
      '이 주소 또는 사용 중인 네트워크에서 너무 많은 링크를 요청했습니다. 잠시 후 다시 시도해 주세요.',
    unavailableBody: '지금은 요청을 처리할 수 없습니다.',
    formTitle: '새 비밀번호 정하기',
    formBody: '계정의 새 비밀번호를 입력해 주세요(8~128자).',
    label: '새 비밀번호',
    button: '새 비밀번호로 바꾸기',
    weak: '비밀번호는 8자 이상 128자 이하여야 합니다.',
    doneTitle: '비밀번호가 변경되었습니다',
    doneBody: '새 비밀번호로 로그인해 주세요. 이전의 모든 세션은 로그아웃되었습니다.',
    usedTitle: '이미 사용된 링크입니다',
    usedBody: '이 링크는 이미 사용되었습니다. 아직 비밀번호를 바꿔야 한다면 새 링크를 요청해 주세요.',
    badTitle: '사용할 수 없는 링크입니다',
    badBody:
      '링크가 잘못되었거나 만료되었거나, 더 새로운 링크가 발송되었습니다. 비밀번호 재설정을 다시 요청해 주세요.',
    busyTitle: '잠시 후 다시 시도해 주세요',
    busyBody: '지금은 비밀번호를 바꿀 수 없습니다.',
  },
};

/** The form posts to /users/password-reset/confirm (relative, so it works behind any PUBLIC_URL prefix). */
export function resetFormPage(locale: Locale, token: string, weak = false): string {
  const t = TEXT[locale];
  return htmlPage(
    locale,
    t.formTitle,
    `<p>${escapeHtml(t.formBody)}</p>${weak ? `<p class="error">${escapeHtml(t.weak)}</p>` : ''}
<form method="post" action="password-reset/confirm">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">${escapeHtml(t.label)}</label>
<input id="password" type="password" name="password" autocomplete="new-password" minlength="8" maxlength="128" required>
<button type="submit">${escapeHtml(t.button)}</button></form>`,
  );
}

export type ResetOutcomePage = 'done' | 'used' | 'bad' | 'busy';

export function resetOutcomePage(locale: Locale, outcome: ResetOutcomePage): string {
  const t = TEXT[locale];
  const [title, body] = {
    done: [t.doneTitle, t.doneBody],
    used: [t.usedTitle, t.usedBody],
    bad: [t.badTitle, t.badBody],
    busy: [t.busyTitle, t.busyBody],
  }[outcome];
  return htmlPage(locale, title, `<p>${escapeHtml(body)}</p>`);
}

/**
 * Asks for the address. The form posts to /users/password-reset (relative: this page is that path,
 * behind any PUBLIC_URL prefix); `badEmail` shows the rule again after a refused address.
 */
export function resetRequestPage(locale: Locale, badEmail = false): string {
  const t = TEXT[locale];
  return htmlPage(
    locale,
    t.requestTitle,
    `<p>${escapeHtml(t.requestBody)}</p>${badEmail ? `<p class="error">${escapeHtml(t.badEmail)}</p>` : ''}
<form method="post" action="password-reset">
<label for="email">${escapeHtml(t.emailLabel)}</label>
<input id="email" type="email" name="email" autocomplete="email" maxlength="254" required>
<button type="submit">${escapeHtml(t.requestButton)}</button></form>`,
  );
}

/** What a posted request form shows: the same "check your mail" for every address. */
export type ResetRequestedPage = 'sent' | 'slow' | 'busy';

export function resetRequestedPage(locale: Locale, outcome: ResetRequestedPage): string {
  const t = TEXT[locale];
  const [title, body] = {
    sent: [t.sentTitle, t.sentBody.replace('{minutes}', String(RESET_TTL_SECONDS / 60))],
    slow: [t.slowTitle, t.slowBody],
    busy: [t.busyTitle, t.unavailableBody],
  }[outcome];
  return htmlPage(locale, title, `<p>${escapeHtml(body)}</p>`);
}
