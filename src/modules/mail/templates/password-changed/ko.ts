import type { TemplateSource } from '../template.renderer';
import { layout } from '../layout';

export const ko: TemplateSource = {
  subject: '비밀번호가 변경되었습니다',
  html: layout(
    'ko',
    '비밀번호가 변경되었습니다',
    `<p>{{name | greeting}}</p>
<p>이 주소로 보낸 재설정 링크를 통해 {{changedAt | datetime}}에 계정 비밀번호가 변경되었습니다. 로그인되어 있던 모든 곳에서 로그아웃되었습니다.</p>
<p style="color:#57606a;font-size:14px">본인이 변경하셨다면 더 하실 일은 없습니다.
본인이 아니라면 누군가 이 메일함을 읽을 수 있는 상태입니다. 메일함을 안전하게 한 뒤 곧바로 비밀번호 재설정을 다시 요청해 주세요.</p>`,
  ),
  text: `{{name | greeting}}

이 주소로 보낸 재설정 링크를 통해 {{changedAt | datetime}}에 계정 비밀번호가 변경되었습니다. 로그인되어 있던 모든 곳에서 로그아웃되었습니다.

본인이 변경하셨다면 더 하실 일은 없습니다.
본인이 아니라면 누군가 이 메일함을 읽을 수 있는 상태입니다. 메일함을 안전하게 한 뒤 곧바로 비밀번호 재설정을 다시 요청해 주세요.
`,
};
