import type { Locale } from '../../mail/mail.port';
import { PAGE_HEADERS, escapeHtml, htmlPage } from '../http/html-page';

export { PAGE_HEADERS, escapeHtml };

/**
 * The HTML side of email verification. The GET page changes nothing: mail scanners and link
 * previewers open links, so only the button (a POST) consumes the challenge.
 */

type Text = Record<
  | 'confirmTitle'
  | 'confirmBody'
  | 'button'
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
    confirmTitle: 'Confirm your email address',
    confirmBody: 'Press the button to finish creating your account.',
    button: 'Confirm my email',
    doneTitle: 'Your account is ready',
    doneBody: 'Thanks, {name}. Your email address is confirmed and you can sign in now.',
    usedTitle: 'Already confirmed',
    usedBody: 'This link has already been used. You can sign in with your email and password.',
    badTitle: 'This link does not work',
    badBody: 'It is invalid or has expired. Sign up again or ask for a new message.',
    busyTitle: 'Please try again shortly',
    busyBody: 'We could not confirm your address right now.',
  },
  ko: {
    confirmTitle: '이메일 주소 확인',
    confirmBody: '아래 버튼을 누르면 회원가입이 완료됩니다.',
    button: '이메일 확인하기',
    doneTitle: '회원가입이 완료되었습니다',
    doneBody: '{name}님, 이메일 주소가 확인되었습니다. 이제 로그인할 수 있습니다.',
    usedTitle: '이미 확인된 링크입니다',
    usedBody: '이 링크는 이미 사용되었습니다. 이메일과 비밀번호로 로그인하세요.',
    badTitle: '사용할 수 없는 링크입니다',
    badBody: '링크가 잘못되었거나 만료되었습니다. 다시 가입하거나 인증 메일을 다시 요청하세요.',
    busyTitle: '잠시 후 다시 시도해 주세요',
    busyBody: '지금은 이메일 주소를 확인할 수 없습니다.',
  },
};

/**
 * The confirm page. The form posts to this same path (relative action, so it works behind any
 * PUBLIC_URL prefix) and carries the token in its body rather than only in the URL.
 */
export function confirmPage(locale: Locale, token: string): string {
  const t = TEXT[locale];
  return htmlPage(
    locale,
    t.confirmTitle,
    `<p>${escapeHtml(t.confirmBody)}</p>
<form method="post" action="email-verify?signupVerifyToken=${encodeURIComponent(token)}">
<input type="hidden" name="signupVerifyToken" value="${escapeHtml(token)}">
<button type="submit">${escapeHtml(t.button)}</button></form>`,
  );
}

export type Outcome = 'done' | 'used' | 'bad' | 'busy';

export function outcomePage(locale: Locale, outcome: Outcome, name = ''): string {
  const t = TEXT[locale];
  const [title, body] = {
    done: [t.doneTitle, t.doneBody],
    used: [t.usedTitle, t.usedBody],
    bad: [t.badTitle, t.badBody],
    busy: [t.busyTitle, t.busyBody],
  }[outcome];
  return htmlPage(locale, title, `<p>${escapeHtml(body).replace('{name}', escapeHtml(name))}</p>`);
}
