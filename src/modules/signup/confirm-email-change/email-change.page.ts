import type { Locale } from '../../mail/mail.port';
import type { AppError } from '../../../common/errors/app-error';
import { AccountErrors } from '../account.errors';
import { escapeHtml, htmlPage } from '../http/html-page';

/**
 * The pages the two email-change links open: "confirm" (mailed to the new address) and "undo"
 * (mailed to the old one). Opening either changes nothing; only its button (a form POST) acts.
 */

export type EmailChangeOutcome = 'done' | 'used' | 'bad' | 'taken' | 'busy';
type Action = 'confirm' | 'undo';

interface ActionText {
  title: string;
  body: string;
  button: string;
  outcomes: Record<EmailChangeOutcome, [string, string]>;
}

const TEXT: Record<Locale, Record<Action, ActionText>> = {
  en: {
    confirm: {
      title: 'Confirm your new email address',
      body: "Press the button to make this address your account's email address.",
      button: 'Confirm my new address',
      outcomes: {
        done: [
          'Your email address was changed',
          'Your account now uses {email}. Sign in with it from now on.',
        ],
        used: ['Already confirmed', 'This link has already been used.'],
        bad: ['This link does not work', 'It is invalid, has expired, or a newer change was requested.'],
        taken: ['This address is taken', 'Another account uses this address now, so nothing was changed.'],
        busy: ['Please try again shortly', 'We could not change your address right now.'],
      },
    },
    undo: {
      title: 'Undo the email change',
      body: 'Press the button to cancel the change of your account email address (or put this address back) and sign out everywhere.',
      button: 'Undo the change',
      outcomes: {
        done: [
          'The change was undone',
          'Your account uses {email}, and every session was signed out. If you did not ask for the change, reset your password now.',
        ],
        used: ['Already undone', 'This link has already been used.'],
        bad: ['This link does not work', 'It is invalid or older than 7 days.'],
        taken: [
          'This address is taken',
          'Another account uses this address now, so it could not be put back. Reset your password and contact support.',
        ],
        busy: ['Please try again shortly', 'We could not undo the change right now.'],
      },
    },
  },
  ko: {
    confirm: {
      title: '새 이메일 주소 확인',
      body: '아래 버튼을 누르면 이 주소가 계정의 이메일 주소가 됩니다.',
      button: '새 주소 확인하기',
      outcomes: {
        done: [
          '이메일 주소가 변경되었습니다',
          '이제 계정은 {email} 주소를 사용합니다. 앞으로 이 주소로 로그인하세요.',
        ],
        used: ['이미 확인된 링크입니다', '이 링크는 이미 사용되었습니다.'],
        bad: [
          '사용할 수 없는 링크입니다',
          '링크가 잘못되었거나 만료되었거나, 더 새로운 변경이 요청되었습니다.',
        ],
        taken: [
          '이미 사용 중인 주소입니다',
          '다른 계정이 이 주소를 사용하고 있어 아무것도 바뀌지 않았습니다.',
        ],
        busy: ['잠시 후 다시 시도해 주세요', '지금은 주소를 바꿀 수 없습니다.'],
      },
    },
    undo: {
      title: '이메일 변경 되돌리기',
      body: '아래 버튼을 누르면 계정 이메일 주소 변경을 취소하고(또는 이 주소로 되돌리고) 모든 곳에서 로그아웃합니다.',
      button: '변경 되돌리기',
      outcomes: {
        done: [
          '변경을 되돌렸습니다',
          '계정은 {email} 주소를 사용하며 모든 세션이 로그아웃되었습니다. 변경을 요청하지 않으셨다면 지금 비밀번호를 재설정해 주세요.',
        ],
        used: ['이미 되돌렸습니다', '이 링크는 이미 사용되었습니다.'],
        bad: ['사용할 수 없는 링크입니다', '링크가 잘못되었거나 7일이 지났습니다.'],
        taken: [
          '이미 사용 중인 주소입니다',
          '다른 계정이 이 주소를 사용하고 있어 되돌릴 수 없습니다. 비밀번호를 재설정하고 고객 지원에 문의해 주세요.',
        ],
        busy: ['잠시 후 다시 시도해 주세요', '지금은 변경을 되돌릴 수 없습니다.'],
      },
    },
  },
};

/** One button posting the token to the same path (relative action: works behind any PUBLIC_URL prefix). */
export function emailChangeActionPage(locale: Locale, action: Action, token: string): string {
  const t = TEXT[locale][action];
  return htmlPage(
    locale,
    t.title,
    `<p>${escapeHtml(t.body)}</p>
<form method="post" action="${action}?token=${encodeURIComponent(token)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">${escapeHtml(t.button)}</button></form>`,
  );
}

export function emailChangeOutcomePage(
  locale: Locale,
  action: Action,
  outcome: EmailChangeOutcome,
  email = '',
): string {
  const [title, body] = TEXT[locale][action].outcomes[outcome];
  return htmlPage(locale, title, `<p>${escapeHtml(body).replace('{email}', escapeHtml(email))}</p>`);
}

/** The page an error becomes when the confirm or undo form posted. */
export function outcomeOf(err: AppError): EmailChangeOutcome {
  switch (err.code) {
    case AccountErrors.alreadyUsed.code:
      return 'used';
    case AccountErrors.emailTaken.code:
      return 'taken';
    case AccountErrors.invalidToken.code:
    case AccountErrors.invalidCode.code:
      return 'bad';
    default:
      return 'busy';
  }
}
