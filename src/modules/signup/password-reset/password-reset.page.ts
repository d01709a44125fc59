import type { Locale } from '../../mail/mail.port';
import { escapeHtml, htmlPage } from '../http/html-page';

/**
 * The page the reset link opens: a form for the new password. Opening it changes nothing (mail
 * scanners open links); only submitting the form uses the token.
 */

type Text = Record<
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
